import { z } from "zod";
import { buildBrief } from "../../core/brief.js";
import type { EffectOf } from "../../core/effects.js";
import type { Attempt } from "../../core/record.js";
import type { VerifyFinding } from "../../protocol/feedback.js";
import { decodeMarker } from "../../protocol/marker.js";
import { Result } from "../../protocol/result.js";
import { VERIFY_CHECK_NAME, verifyCheckRunOutput } from "../../verify/annotations.js";
import { PrFile } from "../../verify/pr-file.js";
import { reverifyFindings } from "../../verify/reverify-findings.js";
import { unreadableFiles } from "../../verify/unreadable-files.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { findReverifyComment } from "../reads/find-reverify-comment.js";
import { outcomeId, type PerformEnv, type Performer, requireRecord } from "./perform-env.js";

/** GitHub lists at most 3,000 files of a PR, 100 per page. */
const MAX_FILE_PAGES = 30;

async function pullFiles(octokit: GitHubClient, repo: RepoRef, pr: number): Promise<PrFile[]> {
  const files: PrFile[] = [];
  for (let page = 1; page <= MAX_FILE_PAGES; page++) {
    const res = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      ...repo,
      pull_number: pr,
      per_page: 100,
      page,
    });
    const batch = z.array(PrFile).parse(res.data);
    files.push(...batch);
    if (batch.length < 100) break;
  }
  return files;
}

/** The attempt's result: remembered from its webhook, else read from the comment the record names. */
async function readResult(env: PerformEnv, commentId: number): Promise<Result> {
  const cached = env.caches.results.get(commentId);
  if (cached) return cached;
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    ...env.repo,
    comment_id: commentId,
  });
  const body = z.object({ body: z.string().nullish() }).parse(res.data).body ?? "";
  const read = decodeMarker("result", body, Result);
  if (!read.ok) throw new Error(`result comment ${commentId} no longer holds a result: ${read.message}`);
  return read.value;
}

/**
 * Rule: the check is computed from what is on GitHub now (the PR's files, the result comment) and the
 * brief, which the record rebuilds exactly as it was sent; posting it twice leaves two runs of the same
 * name on the SHA, and only the latest counts (`filter=latest`). Annotations beyond the first 50 go in
 * updates of the same run, because GitHub takes at most 50 per request.
 */
export const createVerifyCheck: Performer<"CreateVerifyCheck"> = async (effect, env) => {
  const record = requireRecord(env);
  const module = record.modules.find((m) => m.key === effect.module);
  const attempt = module?.attempts.find((a) => a.number === effect.attempt);
  const commentId = attempt?.result?.comment_id;
  if (!module || !attempt || commentId === undefined) {
    throw new Error(`${effect.module}: attempt ${effect.attempt} has no result to verify`);
  }
  const brief = buildBrief(record, module, attempt.number, attempt.nonce, attempt.mode);
  if (!brief) throw new Error(`${effect.module} is not in the plan`);
  const [files, result] = await Promise.all([pullFiles(env.octokit, env.repo, effect.pr), readResult(env, commentId)]);
  const findings = [
    ...env.deps.verify({ files, result, brief }),
    ...(effect.reverify === "off" ? [] : await reverified(env, effect, attempt, result)),
  ];
  const { conclusion, outputs } = verifyCheckRunOutput(findings, unreadableFiles(files));
  const [first, ...rest] = outputs;
  const created = await env.octokit.request("POST /repos/{owner}/{repo}/check-runs", {
    ...env.repo,
    name: VERIFY_CHECK_NAME,
    head_sha: effect.head_sha,
    status: "completed",
    conclusion,
    completed_at: new Date(env.deps.now()).toISOString(),
    ...(first ? { output: first } : {}),
  });
  const runId = z.object({ id: z.number().int().positive() }).parse(created.data).id;
  for (const output of rest) {
    await env.octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...env.repo,
      check_run_id: runId,
      output,
    });
  }
  return [
    { type: "VerifyCompleted", id: outcomeId(effect), module: effect.module, head_sha: effect.head_sha, findings },
  ];
};

/**
 * The re-verification rules (src/verify/reverify-findings.ts) against the App's re-verification comment;
 * at the deadline, a comment whose webhook was lost still counts, and none at all is a finding.
 */
async function reverified(
  env: PerformEnv,
  effect: EffectOf<"CreateVerifyCheck">,
  attempt: Attempt,
  result: Result,
): Promise<VerifyFinding[]> {
  const record = await findReverifyComment(env, effect.pr, attempt);
  if (record) return reverifyFindings(result, { kind: "posted", record });
  const waitedMinutes = requireRecord(env).config.gates.checks_timeout_minutes;
  return reverifyFindings(result, { kind: "missing", waitedMinutes, deadline: effect.reverify === "deadline" });
}
