import type { Result } from "../../src/spec/result.js";
import type { Deps, OutputSink } from "./deps.js";
import { parseInputs } from "./inputs.js";
import { redactingLogger } from "./logger.js";
import { readBrief } from "./read-brief.js";
import { createRedactor, type Redact, secretValues } from "./redact.js";
import { Refusal } from "./refusal.js";
import { renderResult } from "./render-result.js";
import { runAttempt } from "./run-attempt.js";

/**
 * The executor, start to end: parse the inputs, read and check the brief, do the attempt, report.
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
      deps.output.setSecret(secret);
      secrets.push(secret);
    }
    redact = createRedactor(secrets);

    const octokit = deps.makeOctokit(inputs["github-token"], logger);
    const { brief, pr } = await readBrief(octokit, runner.GITHUB_REPOSITORY, inputs);
    logger.info("brief accepted", { task: brief.task, module: brief.module, attempt: brief.attempt, pr: pr.number });

    const { result, notes } = await runAttempt({
      deps,
      inputs,
      runner,
      octokit,
      brief,
      pr,
      secrets,
      redact,
      logger,
      startedAt,
    });
    await report(deps.output, result, renderResult(result, notes));
  } catch (error) {
    const refused = error instanceof Refusal;
    const message = redact(error instanceof Error ? error.message : `non-Error thrown: ${String(error)}`);
    logger.error(refused ? "refused" : "the executor crashed", { message });
    deps.output.setOutput("status", refused ? "refused" : "error");
    deps.output.setFailed(message);
  }
}

/** Outputs, the job summary, and the step's verdict: it fails unless the result is `done`. */
async function report(output: OutputSink, result: Result, summary: string): Promise<void> {
  output.setOutput("status", result.status);
  output.setOutput("head-sha", result.head_sha);
  output.setOutput("result", JSON.stringify(result));
  await output.summary(summary);
  if (result.status !== "done") {
    output.setFailed(
      `the attempt is ${result.status} (${result.stop_reason})${result.error ? `: ${result.error}` : ""}`,
    );
  }
}
