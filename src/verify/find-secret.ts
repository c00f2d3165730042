import { PRIVATE_KEY_BEGIN, SECRET_SHAPES } from "./secret-shapes.js";
import { shannonEntropy } from "./shannon-entropy.js";

/** What a line's secret looks like, described without the secret itself. */
export interface SecretMatch {
  kind: string;
  /** The well-known prefix and the length, e.g. `ghp_… (40 characters)`: enough to find it, not to use it. */
  preview: string;
}

// `password = "…"`, `apiKey: '…'`, `"client_secret": "…"`: a secret-sounding name given a quoted literal.
const QUOTED_ASSIGNMENT =
  /(?:^|[^A-Za-z0-9])([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["']?)\s*(?::=|=>|[:=])\s*["'`]([^"'`\s]{12,})["'`]/i;
// `DB_PASSWORD=…` in .env files and shell: an upper-case name, an unquoted value, nothing after it.
const ENV_ASSIGNMENT =
  /^\s*(?:export\s+)?([A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY)[A-Z0-9_]*)\s*[=:]\s*([^\s"'#]{12,})\s*$/;

/**
 * Test fixtures that are obviously not credentials: the documented example keys (`AKIAIOSFODNN7EXAMPLE`),
 * values that say what they are, and values too repetitive to be random (`ghp_aaaa…`, `sk-1234567890…`).
 * A realistic-looking key in a test file is still reported: a real key pasted into a test is still leaked.
 */
const FIXTURE_WORDS =
  /example|sample|dummy|fake|mock|placeholder|changeme|redacted|your[_-]|xxxx|0000|1234567|abcdefg/i;
const REFERENCE = /^(?:\$|%|<|\{\{|process\.env|os\.environ|env\.|ENV\[|secrets\.|vars\.)/;
const SHAPED_MIN_ENTROPY = 3;
const GENERIC_MIN_ENTROPY = 3.5;

const looksFake = (value: string, minEntropy: number) =>
  FIXTURE_WORDS.test(value) || shannonEntropy(value) < minEntropy;

/**
 * The first thing on a line that looks like a credential, or null. Private key blocks always count (they
 * cannot be told from real ones by looking); shaped tokens unless they are obvious fixtures; generic
 * `password=`/`secret=` assignments only for a high-entropy literal that is not a reference to somewhere
 * else (`${VAR}`, `process.env.X`, `{{ secrets.X }}`).
 */
export function findSecret(line: string): SecretMatch | null {
  const key = PRIVATE_KEY_BEGIN.exec(line);
  if (key) return { kind: "a private key", preview: `-----BEGIN ${key[1] ?? ""}PRIVATE KEY-----` };
  for (const { kind, pattern, prefix } of SECRET_SHAPES) {
    const value = pattern.exec(line)?.[1];
    if (value === undefined) continue;
    const start = prefix.exec(value)?.[0] ?? "";
    if (looksFake(value.slice(start.length), SHAPED_MIN_ENTROPY)) continue;
    return { kind, preview: `${start}… (${value.length} characters)` };
  }
  for (const pattern of [QUOTED_ASSIGNMENT, ENV_ASSIGNMENT]) {
    const match = pattern.exec(line);
    const name = match?.[1];
    const value = match?.[2];
    if (name === undefined || value === undefined) continue;
    if (REFERENCE.test(value) || looksFake(value, GENERIC_MIN_ENTROPY)) continue;
    return { kind: `a hard-coded secret in ${name.replace(/["']/g, "")}`, preview: `${value.length} characters` };
  }
  return null;
}
