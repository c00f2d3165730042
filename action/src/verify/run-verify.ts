import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Brief } from "../../../src/protocol/brief.js";
import type { Result } from "../../../src/protocol/result.js";
import { REVERIFY_VERSION, type Reverification } from "../../../src/protocol/reverify.js";
import { VERIFY_FILE } from "../artifact.js";
import { dropPersistedCredentials } from "../drop-persisted-credentials.js";
import { artifactDir } from "../inputs.js";
import type { SandboxedJobContext } from "../job-context.js";
import { readBrief } from "../read-brief.js";
import { redactStrings } from "../redact.js";
import { runHarness } from "../run-harness.js";
import { scrubEnv } from "../scrub-env.js";
import { workspaceGit } from "../workspace-git.js";
import { findPostedResult } from "./find-posted-result.js";

const MINUTE = 60_000;

export type VerifyContext = SandboxedJobContext;

/**
 * The verify job (DESIGN §8, docs/security.md#independent-re-verification): a party other than the agent
 * runs the result's test command, verification commands and hallucination checks again, on a fresh
 * checkout of exactly the pushed SHA, in the same command sandbox as the work job, and writes what it saw
 * to `verify.json`. It holds only the job's read-only token, so it posts nothing: `verify-report` does,
 * with the App's token, in a job of its own. The step fails when an exit code differs from the claim,
 * so the run's page shows it too; the verdict that gates is the app's `conductor/verify`.
 */
export async function runVerify(ctx: VerifyContext): Promise<void> {
  const { deps, inputs, runner, logger } = ctx;
  const octokit = deps.makeOctokit(inputs["github-token"], logger);
  const { brief, pr } = await readBrief(octokit, runner.GITHUB_REPOSITORY, inputs);
  const dir = artifactDir(inputs, runner, tmpdir());
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const result = await findPostedResult(octokit, pr, inputs.nonce);
  const record = await reverify(ctx, brief, result, dir, pr.headSha);
  const written = redactStrings(record, ctx.redact);
  await writeFile(path.join(dir, VERIFY_FILE), `${JSON.stringify(written, null, 2)}\n`);
  const differ = result ? disagreements(result, written) : [];
  logger.info("re-verification written", { dir, head_sha: written.head_sha, disagreements: differ.length });
  deps.output.setOutput("status", written.error ? "error" : differ.length > 0 ? "failed" : "done");
  deps.output.setOutput("head-sha", written.head_sha);
  if (written.error) deps.output.setFailed(`the re-verification did not complete: ${written.error}`);
  else if (differ.length > 0)
    deps.output.setFailed(`the re-verification disagrees with the result: ${differ.join("; ")}`);
}

async function reverify(
  ctx: VerifyContext,
  brief: Brief,
  result: Result | null,
  dir: string,
  prHead: string,
): Promise<Reverification> {
  const { deps, inputs, logger } = ctx;
  const base = {
    version: REVERIFY_VERSION,
    task: brief.task,
    module: brief.module,
    attempt: brief.attempt,
    nonce: brief.nonce,
    test: null,
    items: [],
    sandbox: "",
  } satisfies Omit<Reverification, "head_sha">;
  // All git runs before any command does: the sandbox user may write the checkout afterwards.
  const { workspace, git } = await workspaceGit(deps, inputs["working-directory"], { workTree: true });
  await dropPersistedCredentials(git, logger);
  const head = (await git(["rev-parse", "HEAD"])).stdout.trim();
  const headSha = /^[0-9a-f]{40}$/.test(head) ? head : prHead;
  if (result === null) {
    return { ...base, head_sha: headSha, error: `no result comment for attempt ${brief.attempt} was found on the PR` };
  }
  if (headSha !== result.head_sha) {
    return {
      ...base,
      head_sha: headSha,
      error: `the checkout is at ${headSha.slice(0, 7)}, not at the result's ${result.head_sha.slice(0, 7)}: check out the publish job's head-sha`,
    };
  }
  const setup = await deps.setupSandbox({
    workspace,
    env: scrubEnv(deps.env, ctx.secrets),
    policy: brief.sandbox ?? "on",
    network: brief.network ?? "open",
    hide: [ctx.runner.RUNNER_TEMP, dir].filter((d): d is string => d !== undefined),
  });
  if (!setup.ok) {
    return {
      ...base,
      head_sha: headSha,
      error: `no command sandbox could be set up, so nothing was run: ${setup.reason}`,
    };
  }
  const { sandbox } = setup;
  logger.info("command sandbox", { sandbox: sandbox.describe });
  try {
    // The same selection of commands as the work job's harness: the brief's verification first, else
    // the model's own; the model's hallucination check; the brief's test command.
    const harness = await runHarness(
      brief,
      { items: result.items.map((item) => ({ ...item, problems_encountered: [] })) },
      { runCommand: sandbox.run, redact: ctx.redact, logger, timeoutMs: Math.min(brief.budget.minutes, 30) * MINUTE },
    );
    return {
      ...base,
      head_sha: headSha,
      sandbox: sandbox.describe,
      test: harness.test,
      items: [...harness.items].map(([id, runs]) => ({ id, ...runs })),
    };
  } finally {
    await sandbox.dispose();
  }
}

/** One line per command whose re-run exited otherwise than the result claims (for the step's log). */
function disagreements(result: Result, record: Reverification): string[] {
  const lines: string[] = [];
  const pair = (what: string, claimed: number | undefined, observed: number | undefined) => {
    if (claimed !== undefined && claimed !== observed)
      lines.push(`${what}: claimed ${claimed}, observed ${observed ?? "nothing"}`);
  };
  pair("test command", result.test?.exit_code, record.test?.exit_code);
  for (const item of result.items) {
    const seen = record.items.find((i) => i.id === item.id);
    pair(`${item.id} verification`, item.harness.verification?.exit_code, seen?.verification?.exit_code);
    pair(
      `${item.id} hallucination check`,
      item.harness.hallucination_check?.exit_code,
      seen?.hallucination_check?.exit_code,
    );
  }
  return lines;
}
