import { looksLikeSecret, SECRET_NAME } from "./redact.js";

// Action inputs carry the API key and the token; ACTIONS_* carry the runner's own runtime and OIDC
// credentials (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*), which can mint cloud credentials.
const DROPPED_NAME = /^(INPUT_|ACTIONS_)/i;

/**
 * The environment of every command the model asks for and of the harness's own runs: the process
 * environment without any variable whose name marks a credential, whose value contains a known secret
 * or has a credential's shape. This keeps secrets out of command output, and so out of the model's
 * context, the transcript and the logs. It is not a sandbox: a command runs as the runner's user.
 */
export function scrubEnv(
  env: Readonly<Record<string, string | undefined>>,
  knownSecrets: readonly string[],
): Record<string, string> {
  const secrets = knownSecrets.filter((s) => s.length >= 6);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_NAME.test(name) || DROPPED_NAME.test(name)) continue;
    if (secrets.some((secret) => value.includes(secret)) || looksLikeSecret(value)) continue;
    kept[name] = value;
  }
  // No command may stop to ask for credentials: there is nobody to answer.
  kept.GIT_TERMINAL_PROMPT = "0";
  kept.CI = "true";
  return kept;
}
