import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Brief } from "../../../src/protocol/brief.js";
import type { Result } from "../../../src/protocol/result.js";
import { ARTIFACT_FILES, WorkArtifact } from "../artifact.js";
import { buildResult } from "../build-result.js";
import { gitAuthEnv } from "../git-auth-env.js";
import { artifactDir } from "../inputs.js";
import type { JobContext } from "../job-context.js";
import { type ModulePr, readBrief } from "../read-brief.js";
import { redactStrings } from "../redact.js";
import { renderResult, runUrl } from "../render-result.js";
import { publishReview } from "../review/publish-review.js";
import { workspaceGit } from "../workspace-git.js";
import { checkWork } from "./check-work.js";
import { postResult } from "./post-result.js";

export type PublishContext = JobContext;

/**
 * The publish job (DESIGN §8): holds the App's token, never the Anthropic key, and runs nothing the
 * model wrote. It reads the brief itself, checks the work job's artifact against it (check-work.ts),
 * pushes the work re-committed as the app's bot, marks the PR ready, posts the result comment and
 * gives the step's verdict: it fails unless the result is `done`.
 */
export async function runPublish(ctx: PublishContext): Promise<void> {
  const { deps, inputs, runner, logger } = ctx;
  const octokit = deps.makeOctokit(inputs["github-token"], logger);
  const { brief, pr } = await readBrief(octokit, runner.GITHUB_REPOSITORY, inputs);
  const dir = artifactDir(inputs, runner, tmpdir());
  const read = await readArtifact(dir, brief);
  let result: Result;
  let notes: string[] = [];
  let digest: WorkArtifact["digest"];
  if (!read.ok) {
    result = failedResult(brief, pr, read.problem, deps.clock.now() - ctx.startedAt);
  } else if (brief.mode === "review") {
    // A review attempt posts a PR review, not a result, unless it is refused (docs/ai-review.md).
    notes = read.artifact.notes;
    const published = await publishReview(octokit, pr, read.artifact, dir, logger);
    if (published.kind === "posted") {
      logger.info("posted the review", { pr: pr.number, review: published.url, event: published.event });
      deps.output.setOutput("status", "reviewed");
      deps.output.setOutput("head-sha", pr.headSha);
      await deps.output.summary(`Posted [the review](${published.url}) (${published.event}).`);
      return;
    }
    result = published.result;
  } else {
    notes = read.artifact.notes;
    digest = read.artifact.digest;
    result = await publishWork(ctx, brief, pr, read.artifact, dir);
  }
  result = redactStrings(result, ctx.redact);
  notes = notes.map(ctx.redact);
  // The digest crossed the boundary from the work job: through this job's redactor once more.
  const extras = { ...(digest ? { digest: redactStrings(digest, ctx.redact) } : {}), runUrl: runUrl(runner) };
  const { posted } = await postResult(octokit, pr, result, logger, notes, extras);
  deps.output.setOutput("status", posted.status);
  deps.output.setOutput("head-sha", posted.head_sha);
  deps.output.setOutput("result", JSON.stringify(posted));
  // The template's verify jobs run only when the brief asks (gates.reverify: required).
  deps.output.setOutput("reverify", brief.reverify === true ? "true" : "false");
  await deps.output.summary(renderResult(posted, notes, extras));
  if (posted.status !== "done") {
    deps.output.setFailed(
      `the attempt is ${posted.status} (${posted.stop_reason})${posted.error ? `: ${posted.error}` : ""}`,
    );
  }
}

/** Checks and pushes the work; the result says what was pushed, or why nothing was. */
async function publishWork(
  ctx: PublishContext,
  brief: Brief,
  pr: ModulePr,
  artifact: WorkArtifact,
  dir: string,
): Promise<Result> {
  const { deps, inputs, runner, logger } = ctx;
  const unchanged = { ...artifact.result, head_sha: pr.headSha };
  if (artifact.commit === null) return unchanged;
  const { git } = await workspaceGit(deps, inputs["working-directory"], { workTree: false });
  const auth = { token: inputs["github-token"], serverUrl: runner.GITHUB_SERVER_URL };
  const checked = await checkWork({
    git,
    brief,
    pr,
    artifact: { ...artifact, commit: artifact.commit },
    bundleFile: path.join(dir, ARTIFACT_FILES.bundle),
    ...auth,
  });
  if (!checked.ok) {
    logger.error("the work was refused", { problems: checked.problems });
    return {
      ...unchanged,
      status: "failed",
      error: `the publish job refused the work and pushed nothing: ${checked.problems.join("; ")}`,
    };
  }
  const pushed = await git(
    ["push", "-q", "origin", `${checked.commit}:refs/heads/${pr.branch}`],
    gitAuthEnv(auth.serverUrl, auth.token),
  );
  if (pushed.code !== 0) {
    return {
      ...unchanged,
      status: "failed",
      stop_reason: "error",
      error: `push failed (exit ${pushed.code}): ${pushed.stderr.trim()}`,
    };
  }
  logger.info("pushed", { branch: pr.branch, head_sha: checked.commit });
  return { ...artifact.result, head_sha: checked.commit };
}

type ReadArtifact = { ok: true; artifact: WorkArtifact } | { ok: false; problem: string };

/** The work job's `work.json`, parsed, and for this very attempt. */
async function readArtifact(dir: string, brief: Brief): Promise<ReadArtifact> {
  const file = path.join(dir, ARTIFACT_FILES.work);
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null)
    return { ok: false, problem: `the work job left no ${ARTIFACT_FILES.work} (it crashed, was cancelled or refused)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${ARTIFACT_FILES.work} is not JSON` };
  }
  const parsed = WorkArtifact.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${ARTIFACT_FILES.work} is invalid at ${first?.path.join(".") || "(root)"}: ${first?.message}`,
    };
  }
  const { result } = parsed.data;
  for (const key of ["task", "module", "attempt", "nonce"] as const) {
    if (result[key] !== brief[key]) {
      return { ok: false, problem: `the work's result is for ${key} ${result[key]}, but the brief's is ${brief[key]}` };
    }
  }
  return { ok: true, artifact: parsed.data };
}

/** A failed result for an attempt whose work left nothing to publish. */
function failedResult(brief: Brief, pr: ModulePr, problem: string, durationMs: number): Result {
  return buildResult({
    brief,
    outcome: { stop: "error", detail: problem, report: null },
    harness: { test: null, items: new Map() },
    headSha: pr.headSha,
    usage: { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0 },
    turns: 0,
    durationMs,
    problems: [],
  });
}
