import { describe, expect, test } from "vitest";
import { secret } from "../../src/verify/rules/secret.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { file, input, insertion } from "./fixtures.js";

// Built at run time so that this file itself never holds a credential-shaped literal (secret scanners,
// push protection). The bodies are random-looking, as real keys are.
const body = (length: number) => "Zq8Lw3Rt7Vb2Nx5Ck9Pm4Hs6Jd1Fg0Ya".repeat(8).slice(0, length);
const AWS = `AKIA${"Q7ZL3RT5VB2NX6CK"}`;
const GHP = `ghp_${body(36)}`;
const GHS = `ghs_${body(36)}`;
const PAT = `github_pat_${body(22)}_${body(59)}`;
const ANT = `sk-ant-api03-${body(90)}`;
const OAI = `sk-proj-${body(48)}`;
const SLACK = `xoxb-${"2741883945"}-${body(24)}`;
const PEM = `-----BEGIN RSA ${"PRIVATE"} KEY-----`;

/** The (line, message) pairs the rule reports when `added` is inserted after line 9 of `path`. */
function found(added: string, path = "src/config.ts") {
  return secret(verifyContext(input({ files: [file(path, insertion(9, [added]))] }))).map((f) => {
    expect(f).toMatchObject({ rule: "secret", critical: true, path });
    return [f.line, f.message];
  });
}

describe("secret: credentials in added lines (critical)", () => {
  test.each([
    {
      name: "AWS access key id",
      line: `const key = "${AWS}";`,
      value: AWS,
      kind: "an AWS access key id (AKIA… (20 characters))",
    },
    { name: "GitHub classic token", line: `token: ${GHP}`, value: GHP, kind: "a GitHub token (ghp_… (40 characters))" },
    { name: "GitHub app token", line: `export GH=${GHS}`, value: GHS, kind: "a GitHub token (ghs_… (40 characters))" },
    {
      name: "GitHub fine-grained token",
      line: `auth = '${PAT}'`,
      value: PAT,
      kind: `a GitHub fine-grained token (github_pat_… (${PAT.length} characters))`,
    },
    {
      name: "Anthropic key",
      line: `ANTHROPIC_API_KEY=${ANT}`,
      value: ANT,
      kind: `an Anthropic API key (sk-ant-api03-… (${ANT.length} characters))`,
    },
    {
      name: "OpenAI key",
      line: `openai.api_key = "${OAI}"`,
      value: OAI,
      kind: `an OpenAI API key (sk-proj-… (${OAI.length} characters))`,
    },
    {
      name: "Slack bot token",
      line: `SLACK_TOKEN: ${SLACK}`,
      value: SLACK,
      kind: `a Slack token (xoxb-… (${SLACK.length} characters))`,
    },
    { name: "private key block", line: PEM, value: null, kind: `a private key (${PEM})` },
    {
      name: "high-entropy password literal",
      line: `  password: "${body(24)}",`,
      value: body(24),
      kind: "a hard-coded secret in password (24 characters)",
    },
    {
      name: ".env style assignment",
      line: `DB_PASSWORD=${body(20)}`,
      value: body(20),
      kind: "a hard-coded secret in DB_PASSWORD (20 characters)",
    },
  ])("$name", ({ line, value, kind }) => {
    const findings = found(line);
    expect(findings).toEqual([[10, `Added line looks like ${kind}. Remove it and rotate the credential.`]]);
    // The finding goes into a public check run and the next brief: it must never repeat the secret.
    if (value !== null) expect(findings[0]?.[1]).not.toContain(value.slice(8));
  });

  test("a realistic key in a test file is still reported", () => {
    expect(found(`const token = "${GHP}";`, "test/auth.test.ts")).toHaveLength(1);
  });

  test.each([
    { name: "AWS's documented example key", line: 'const key = "AKIAIOSFODNN7EXAMPLE";' },
    { name: "an obviously fake token", line: `token: ghp_${"x".repeat(36)}` },
    { name: "a repetitive fake token", line: `token: ghp_${"ab".repeat(18)}` },
    { name: "a reference to an environment variable", line: "password: process.env.DB_PASSWORD," },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the line under test is a reference, not a template
    { name: "a template reference", line: 'password: "${DB_PASSWORD_FROM_VAULT}"' },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the line under test is a reference, not a template
    { name: "an Actions secret reference", line: "token: ${{ secrets.GITHUB_TOKEN }}" },
    { name: "a low-entropy password", line: 'password = "passwordpassword"' },
    { name: "a placeholder value", line: 'api_key = "your-api-key-goes-here"' },
    { name: "a public key block", line: "-----BEGIN PUBLIC KEY-----" },
    { name: "words that contain sk-", line: "const task-runner-flags-and-more = 1;" },
  ])("no finding: $name", ({ line }) => {
    expect(found(line)).toEqual([]);
  });

  test("credential files are reported by name, even with no patch", () => {
    const files = [
      file("deploy/id_rsa", undefined, { status: "added", changes: 0 }),
      file("certs/client.p12", undefined, { status: "added", changes: 0 }),
      file(".env", insertion(1, ["DEBUG=1"])),
      file(".env.example", insertion(1, ["DEBUG=1"])),
      file("old/id_ed25519", undefined, { status: "removed" }),
    ];
    expect(secret(verifyContext(input({ files }))).map((f) => [f.path, f.line])).toEqual([
      ["deploy/id_rsa", undefined],
      ["certs/client.p12", undefined],
      [".env", undefined],
    ]);
  });
});
