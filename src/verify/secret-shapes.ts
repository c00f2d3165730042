/**
 * The one list of credential shapes (DESIGN §8): `conductor/verify`'s secret rule looks for them in
 * added lines, and the executor's redactor masks them in everything that leaves the runner. Each
 * pattern is non-global with the whole credential as group 1, so both can build what they need.
 */
export interface SecretShape {
  kind: string;
  pattern: RegExp;
  /** The well-known start of the credential, shown in a finding instead of the value. */
  prefix: RegExp;
}

export const SECRET_SHAPES: readonly SecretShape[] = [
  { kind: "an AWS access key id", pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/, prefix: /^.{4}/ },
  { kind: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/, prefix: /^gh._/ },
  { kind: "a GitHub fine-grained token", pattern: /\b(github_pat_[A-Za-z0-9_]{50,255})\b/, prefix: /^github_pat_/ },
  { kind: "an Anthropic API key", pattern: /\b(sk-ant-[A-Za-z0-9_-]{32,})/, prefix: /^sk-ant-(?:[a-z]+\d*-)?/ },
  {
    kind: "an OpenAI API key",
    pattern: /\b(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})/,
    prefix: /^sk-(?:proj-|svcacct-|admin-)?/,
  },
  { kind: "a Stripe secret key", pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})/, prefix: /^.{2}_live_/ },
  { kind: "a Slack token", pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,})/, prefix: /^xox.-/ },
];

/** The first line of a PEM private key; group 1 is its type (`RSA `, `OPENSSH `, …). */
export const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/;
