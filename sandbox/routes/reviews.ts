import { z } from "zod";
import { association, isoNow, nextId, nodeId, type SandboxContext } from "../context.js";
import { diffFiles } from "../diff.js";
import { fail, intParam, json, listResponse, parseBody, type Route, requireRole, route } from "../http.js";
import { getPull, pullJson } from "../ops/pulls.js";
import { userShape } from "../shapes/common.js";
import type { PullRec, ReviewRec } from "../state.js";
import { emit } from "../webhooks.js";
import { diffBase } from "./pulls.js";

const CreateReview = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
  comments: z
    .array(
      z
        .object({
          path: z.string(),
          body: z.string(),
          line: z.number().int().positive().optional(),
          side: z.enum(["LEFT", "RIGHT"]).optional(),
        })
        .passthrough(),
    )
    .optional(),
});

/** The new-side lines of a file's patch (added or context): where a `line` comment with side RIGHT may go. */
function rightLines(patch: string): Set<number> {
  const lines = new Set<number>();
  let line = 0;
  for (const text of patch.split("\n")) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) line = Number(hunk[1]);
    else if (line > 0 && (text.startsWith("+") || text.startsWith(" "))) lines.add(line++);
  }
  return lines;
}

/**
 * GitHub refuses a review whose comment is not on a line of the pull request's diff (422); only `line` with
 * side RIGHT is modelled, which is what Conductor's reviewer posts.
 */
async function reviewComments(
  ctx: SandboxContext,
  pull: PullRec,
  commit: string,
  comments: z.infer<typeof CreateReview>["comments"] & {},
): Promise<{ path: string; line: number; body: string }[]> {
  if (comments.length === 0) return [];
  const files = await diffFiles(ctx.repo, await diffBase(ctx, pull), commit);
  return comments.map((c) => {
    const file = files.find((f) => f.filename === c.path);
    if (c.line === undefined || (c.side ?? "RIGHT") !== "RIGHT") {
      fail(422, `Unprocessable Entity: "the sandbox models review comments with line and side RIGHT only"`);
    }
    if (!file || !rightLines(file.patch ?? "").has(c.line)) {
      fail(
        422,
        `Unprocessable Entity: "Pull request review thread line must be part of the diff" (${c.path}:${c.line})`,
      );
    }
    return { path: c.path, line: c.line, body: c.body };
  });
}

const STATE = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const;

/** GitHub's `pull-request-review`. */
export function reviewShape(ctx: SandboxContext, review: ReviewRec) {
  const html = `${ctx.html}/pull/${review.pull}#pullrequestreview-${review.id}`;
  const pullUrl = `${ctx.api}/pulls/${review.pull}`;
  return {
    id: review.id,
    node_id: nodeId("PRR", review.id),
    user: userShape(ctx, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submitted_at ?? undefined,
    commit_id: review.commit_id,
    author_association: association(ctx, review.user),
  };
}

/** Pull-request reviews: submit (or leave pending) and list. */
export const reviewRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const { issue, pull } = getPull(ctx, intParam(req, "pull_number"));
    const body = parseBody(CreateReview, req.body);
    if (body.event && body.event !== "APPROVE" && !body.body) {
      fail(422, `Unprocessable Entity: "Body is required when using ${body.event}"`);
    }
    if (body.event && body.event !== "COMMENT" && issue.user === req.actor.login) {
      fail(
        422,
        `Unprocessable Entity: "Can not ${body.event === "APPROVE" ? "approve" : "request changes on"} your own pull request"`,
      );
    }
    const comments = await reviewComments(ctx, pull, body.commit_id ?? pull.head_sha, body.comments ?? []);
    const now = isoNow(ctx);
    const review: ReviewRec = {
      id: nextId(ctx),
      pull: pull.number,
      user: req.actor.login,
      body: body.body ?? "",
      state: body.event ? STATE[body.event] : "PENDING",
      commit_id: body.commit_id ?? pull.head_sha,
      submitted_at: body.event ? now : null,
      comments,
    };
    ctx.state.reviews[review.id] = review;
    if (review.state !== "PENDING") {
      const pull_request = await pullJson(ctx, pull.number);
      emit(
        ctx,
        "pull_request_review",
        "submitted",
        { review: reviewShape(ctx, review), pull_request },
        req.actor.login,
      );
    }
    return json(200, reviewShape(ctx, review));
  }),
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", (ctx, req) => {
    requireRole(ctx, req, "read");
    const { pull } = getPull(ctx, intParam(req, "pull_number"));
    const reviews = Object.values(ctx.state.reviews)
      .filter((r) => r.pull === pull.number && (r.state !== "PENDING" || r.user === req.actor.login))
      .sort((a, b) => a.id - b.id)
      .map((r) => reviewShape(ctx, r));
    return listResponse(req, reviews);
  }),
];
