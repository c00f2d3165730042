import { z } from "zod";
import { githubIdentity, identityOf, isoNow, type SandboxContext } from "../context.js";
import { fail, intParam, json, parseBody, type Route, type RouteRequest, requireRole, route } from "../http.js";
import { createMergeCommit, createRebasedCommits, createSquashCommit } from "../merge.js";
import { readCommit } from "../objects.js";
import { moveRef } from "../ops/branches.js";
import { setIssueState } from "../ops/issues.js";
import { branchMoved, closePull, getPull, pullStats } from "../ops/pulls.js";
import { commitsBetween, isAncestor, mergeBase, readRef } from "../refs.js";
import type { IssueRec, PullRec } from "../state.js";

const MergeBody = z
  .object({
    commit_title: z.string().optional(),
    commit_message: z.string().optional(),
    sha: z.string().optional(),
    merge_method: z.enum(["merge", "squash", "rebase"]).optional(),
  })
  .nullable();
const UpdateBranchBody = z.object({ expected_head_sha: z.string().optional() }).nullable();

/** Picks up a push to the head branch that the sandbox has not seen yet, before deciding anything. */
async function currentHead(ctx: SandboxContext, pull: PullRec, sender: string): Promise<string> {
  const tip = await readRef(ctx.repo, `refs/heads/${pull.head}`);
  if (tip && tip !== pull.head_sha) await branchMoved(ctx, pull.head, pull.head_sha, tip, sender);
  return pull.head_sha;
}

/** The squash commit's default body: the squashed commits' messages as a list. */
async function commitList(ctx: SandboxContext, base: string, head: string): Promise<string> {
  const from = (await mergeBase(ctx.repo, base, head)) ?? base;
  const lines = [];
  for (const sha of await commitsBetween(ctx.repo, from, head)) {
    lines.push(`* ${(await readCommit(ctx.repo, sha))?.message.trim() ?? sha}`);
  }
  return lines.join("\n\n");
}

/** Closes the issues a pull request's body names with a closing keyword, when it merges into the default branch. */
async function closeReferencedIssues(ctx: SandboxContext, issue: IssueRec, sender: string): Promise<void> {
  const pattern = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b/gi;
  for (const match of (issue.body ?? "").matchAll(pattern)) {
    const target = ctx.state.issues[Number(match[1])];
    if (target && !target.isPull && target.state === "open")
      await setIssueState(ctx, target, "closed", "completed", sender);
  }
}

async function merge(ctx: SandboxContext, req: RouteRequest) {
  requireRole(ctx, req, "write");
  const { issue, pull } = getPull(ctx, intParam(req, "pull_number"));
  const body = parseBody(MergeBody, req.body) ?? {};
  if (issue.state !== "open") fail(405, "Pull Request is not mergeable");
  if (pull.draft) fail(405, "Pull Request is still a draft");
  const head = await currentHead(ctx, pull, req.actor.login);
  if (body.sha && body.sha !== head) fail(409, "Head branch was modified. Review and try the merge again.");
  const base = (await readRef(ctx.repo, `refs/heads/${pull.base}`)) ?? fail(422, "Base branch does not exist");
  const method = body.merge_method ?? "merge";
  // GitHub authors merge commits as the merger and commits them as itself.
  const people = { identity: identityOf(ctx, req.actor.login), committer: githubIdentity(ctx) };
  let sha: string | undefined;
  if (method === "rebase") {
    sha = await createRebasedCommits(ctx.repo, { base, head, ...people });
  } else if (method === "squash") {
    const title = body.commit_title ?? `${issue.title} (#${issue.number})`;
    const message = body.commit_message ?? (await commitList(ctx, base, head));
    sha = await createSquashCommit(ctx.repo, { base, head, message: `${title}\n\n${message}`.trimEnd(), ...people });
  } else {
    const title = body.commit_title ?? `Merge pull request #${issue.number} from ${ctx.owner}/${pull.head}`;
    const message = `${title}\n\n${body.commit_message ?? issue.title}`;
    sha = await createMergeCommit(ctx.repo, { base, head, message, ...people });
  }
  if (!sha) fail(405, "Pull Request is not mergeable");
  // Freeze what the pull request looked like before its base moves (files, counts), as GitHub keeps it.
  const stats = await pullStats(ctx, pull);
  pull.frozen = { ...stats, mergeable: null, mergeable_state: "unknown" };
  if (!(await moveRef(ctx, `refs/heads/${pull.base}`, sha, base, req.actor.login))) {
    pull.frozen = null;
    fail(409, "Base branch was modified. Review and try the merge again.");
  }
  pull.merged = true;
  pull.merged_at = isoNow(ctx);
  pull.merged_by = req.actor.login;
  pull.merge_commit_sha = sha;
  await closePull(ctx, pull.number, req.actor.login);
  if (pull.base === ctx.defaultBranch) await closeReferencedIssues(ctx, issue, req.actor.login);
  return json(200, { sha, merged: true, message: "Pull Request successfully merged" });
}

async function updateBranch(ctx: SandboxContext, req: RouteRequest) {
  requireRole(ctx, req, "write");
  const { issue, pull } = getPull(ctx, intParam(req, "pull_number"));
  const body = parseBody(UpdateBranchBody, req.body) ?? {};
  if (issue.state !== "open") fail(422, "Pull request is closed");
  const head = await currentHead(ctx, pull, req.actor.login);
  if (body.expected_head_sha && body.expected_head_sha !== head) {
    fail(422, "expected head sha didn't match current head ref.");
  }
  const base = (await readRef(ctx.repo, `refs/heads/${pull.base}`)) ?? fail(422, "Base branch does not exist");
  if (await isAncestor(ctx.repo, base, head)) fail(422, "There are no new commits on the base branch.");
  const sha = await createMergeCommit(ctx.repo, {
    base: head,
    head: base,
    message: `Merge branch '${pull.base}' into ${pull.head}`,
    identity: identityOf(ctx, req.actor.login),
  });
  if (!sha) fail(422, "merge conflict between base and head");
  if (!(await moveRef(ctx, `refs/heads/${pull.head}`, sha, head, req.actor.login))) {
    fail(422, "expected head sha didn't match current head ref.");
  }
  return json(202, { message: "Updating pull request branch.", url: `${ctx.html}/pull/${pull.number}` });
}

/** Merging a pull request and bringing its branch up to date, with real git merges. */
export const mergeRoutes: Route[] = [
  route("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", merge),
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", (ctx, req) => {
    requireRole(ctx, req, "read");
    return getPull(ctx, intParam(req, "pull_number")).pull.merged
      ? { status: 204 }
      : { status: 404, body: { message: "Not Found" } };
  }),
  route("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/update-branch", updateBranch),
];
