import type { Deps } from "./deps.js";
import { parseInputs } from "./inputs.js";
import { redactingLogger } from "./logger.js";
import { runPublish } from "./publish/run-publish.js";
import { runVerifyReport } from "./publish/run-verify-report.js";
import { createRedactor, type Redact, secretValues } from "./redact.js";
import { Refusal } from "./refusal.js";
import { runVerify } from "./verify/run-verify.js";
import { runWork } from "./work/run-work.js";

/**
 * The executor's one entry: parse the inputs, then play the job the `mode` input names (DESIGN §8).
 * This is the action's one catch: whatever is thrown (an `Error` or not) fails the step with a
 * redacted message, and an expected refusal says every reason at once.
 */
export async function run(deps: Deps): Promise<void> {
  const startedAt = deps.clock.now();
  const secrets = secretValues(deps.env);
  let redact: Redact = createRedactor(secrets);
  const logger = redactingLogger(deps.logger, (text) => redact(text));
  try {
    const parsed = parseInputs(deps.env);
    if (!parsed.ok) throw new Refusal("the action's inputs are invalid", parsed.problems);
    const { inputs, runner } = parsed;
    for (const secret of [inputs["anthropic-api-key"], inputs["github-token"]]) {
      if (secret === undefined) continue;
      deps.output.setSecret(secret);
      secrets.push(secret);
    }
    redact = createRedactor(secrets);
    const common = { deps, runner, secrets, redact, logger, startedAt };
    const key = inputs["anthropic-api-key"] ?? "";
    switch (inputs.mode) {
      case "publish":
        await runPublish({ ...common, inputs });
        break;
      case "verify":
        await runVerify({ ...common, inputs });
        break;
      case "verify-report":
        await runVerifyReport({ ...common, inputs });
        break;
      case "work":
        // The brief says which engine runs, and so whether a key is needed (codex takes its provider's).
        await runWork({ ...common, inputs: { ...inputs, mode: "work", "anthropic-api-key": key } });
        break;
      default: {
        const _exhaustive: never = inputs.mode;
        throw new Error(`unknown mode ${String(_exhaustive)}`);
      }
    }
  } catch (error) {
    const refused = error instanceof Refusal;
    const message = redact(error instanceof Error ? error.message : `non-Error thrown: ${String(error)}`);
    logger.error(refused ? "refused" : "the executor crashed", { message });
    deps.output.setOutput("status", refused ? "refused" : "error");
    deps.output.setFailed(message);
  }
}
