import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ARTIFACT_FILES, type WorkArtifact } from "../artifact.js";
import { artifactDir, type WorkInputs } from "../inputs.js";
import type { SandboxedJobContext } from "../job-context.js";
import { readBrief } from "../read-brief.js";
import type { Redact } from "../redact.js";
import { Refusal } from "../refusal.js";
import { renderResult, runUrl } from "../render-result.js";
import { runReview } from "../review/run-review.js";
import { runAttempt } from "../run-attempt.js";

export type WorkContext = SandboxedJobContext<WorkInputs>;

/**
 * The work job (DESIGN §8): reads the brief with the job's read-only token, does the attempt, and
 * leaves the artifact for the publish job: `work.json`, `work.bundle` when something was committed,
 * and the transcript, redacted. It holds no credential that can write to GitHub, so it pushes and
 * posts nothing; its step succeeds whatever the result, and the publish job gives the verdict.
 */
export async function runWork(ctx: WorkContext): Promise<void> {
  const { deps, inputs, runner, logger } = ctx;
  const octokit = deps.makeOctokit(inputs["github-token"], logger);
  const { brief, pr } = await readBrief(octokit, runner.GITHUB_REPOSITORY, inputs);
  logger.info("brief accepted", { task: brief.task, module: brief.module, attempt: brief.attempt, pr: pr.number });
  const engine = brief.engine ?? "builtin";
  // The AI reviewer always runs the built-in loop (docs/ai-review.md), so a review needs the key even with codex.
  if ((engine !== "codex" || brief.mode === "review") && !inputs["anthropic-api-key"]) {
    const why = brief.mode === "review" ? "an AI review (it runs the builtin engine)" : `executor.engine: ${engine}`;
    throw new Refusal("the action's inputs are invalid", [
      `input "anthropic-api-key" is required in mode work with ${why}`,
    ]);
  }
  const dir = artifactDir(inputs, runner, tmpdir());
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const bundleFile = path.join(dir, ARTIFACT_FILES.bundle);
  await rm(bundleFile, { force: true });
  let artifact: WorkArtifact;
  if (brief.mode === "review") {
    // A review (docs/ai-review.md): read-only tools, no commit, no bundle; the review goes in work.json.
    const work = await runReview({ ...ctx, brief, pr, artifactDir: dir });
    const { result, notes, review, changes } = work;
    artifact = { version: 1, result, notes, base_sha: pr.headSha, commit: null, review, review_changes: changes };
  } else {
    const { result, notes, commit, digest } = await runAttempt({ ...ctx, brief, pr, artifactDir: dir, bundleFile });
    artifact = { version: 1, result, notes, base_sha: pr.headSha, commit, digest };
  }
  const { result, notes, commit, digest } = artifact;
  await redactTranscript(path.join(dir, ARTIFACT_FILES.transcript), ctx.redact);
  await writeFile(path.join(dir, ARTIFACT_FILES.work), `${JSON.stringify(artifact, null, 2)}\n`);
  logger.info("work artifact written", { dir, status: result.status, commit });
  deps.output.setOutput("status", result.status);
  deps.output.setOutput("head-sha", commit ?? pr.headSha);
  deps.output.setOutput("result", JSON.stringify(result));
  await deps.output.summary(
    `${renderResult(result, notes, { digest, runUrl: runUrl(runner) })}\n\n_The publish job checks and pushes this work._`,
  );
}

/** The transcript the engine wrote, if any, passed through the one redactor before it is uploaded. */
async function redactTranscript(file: string, redact: Redact): Promise<void> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text !== null) await writeFile(file, redact(text));
}
