import { z } from "zod";
import { association, isoNow, nextId, nodeId, type SandboxContext } from "../context.js";
import { fail, intParam, json, listResponse, parseBody, type Route, requireRole, route } from "../http.js";
import { getPull, pullJson } from "../ops/pulls.js";
import { userShape } from "../shapes/common.js";
import type { ReviewRec } from "../state.js";
import { emit } from "../webhooks.js";

const CreateReview = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]).optional(),
  comments: z.array(z.object({ path: z.string(), body: z.string() }).passthrough()).optional(),
});

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
    const now = isoNow(ctx);
    const review: ReviewRec = {
      id: nextId(ctx),
      pull: pull.number,
      user: req.actor.login,
      body: body.body ?? "",
      state: body.event ? STATE[body.event] : "PENDING",
      commit_id: body.commit_id ?? pull.head_sha,
      submitted_at: body.event ? now : null,
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
