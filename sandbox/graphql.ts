import { z } from "zod";
import { nodeId, type SandboxContext } from "./context.js";
import { type FieldCall, fieldCalls } from "./graphql-args.js";
import { json, type RouteRequest, type RouteResponse, requireRole } from "./http.js";
import { objectType } from "./objects.js";
import type { RequestCheckResult } from "./openapi-check.js";
import { moveRef, removeRef } from "./ops/branches.js";
import { emitPull } from "./ops/pulls.js";
import { isAncestor, readRef } from "./refs.js";
import type { PullRec } from "./state.js";

const ZERO = "0".repeat(40);

/** A GraphQL error the way GitHub reports one: HTTP 200 with `errors`. */
class GraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const DraftInput = z.object({ pullRequestId: z.string(), clientMutationId: z.string().nullish() });
const UpdateRefsInput = z.object({
  repositoryId: z.string(),
  refUpdates: z.array(
    z.object({
      name: z.string(),
      afterOid: z.string(),
      beforeOid: z.string().nullish(),
      force: z.boolean().nullish(),
    }),
  ),
  clientMutationId: z.string().nullish(),
});

/** Parses a mutation's `input` argument; GitHub answers a bad one with a GraphQL error, not a 422. */
function inputOf<T extends z.ZodType>(schema: T, call: FieldCall): z.infer<T> {
  const parsed = schema.safeParse(call.args.input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  throw new GraphqlError("INVALID_ARGUMENTS", `${call.name} input is invalid: ${problems}`);
}

function pullByNode(ctx: SandboxContext, id: string): PullRec {
  const pull = Object.values(ctx.state.pulls).find((p) => nodeId("PR", p.id) === id);
  if (!pull) throw new GraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  return pull;
}

function pullNode(ctx: SandboxContext, pull: PullRec) {
  const issue = ctx.state.issues[pull.number];
  return {
    id: nodeId("PR", pull.id),
    number: pull.number,
    isDraft: pull.draft,
    state: issue?.state.toUpperCase(),
    headRefOid: pull.head_sha,
    url: `${ctx.html}/pull/${pull.number}`,
  };
}

async function setDraft(ctx: SandboxContext, call: FieldCall, draft: boolean, sender: string) {
  const input = inputOf(DraftInput, call);
  const pull = pullByNode(ctx, input.pullRequestId);
  if (pull.draft !== draft) {
    pull.draft = draft;
    await emitPull(ctx, pull.number, draft ? "converted_to_draft" : "ready_for_review", sender);
  }
  return { clientMutationId: input.clientMutationId ?? null, pullRequest: pullNode(ctx, pull) };
}

/** `updateRefs`: every update is checked first (beforeOid, fast-forward), then all are applied. */
async function updateRefs(ctx: SandboxContext, call: FieldCall, sender: string) {
  const input = inputOf(UpdateRefsInput, call);
  const plan: Array<{ name: string; after: string; current: string | undefined }> = [];
  for (const u of input.refUpdates) {
    const { name, afterOid: after } = u;
    const current = await readRef(ctx.repo, name);
    if (u.beforeOid !== undefined && u.beforeOid !== null && (current ?? ZERO) !== u.beforeOid) {
      throw new GraphqlError("STALE_DATA", `${name} is at ${current ?? ZERO}, not at the expected ${u.beforeOid}`);
    }
    if (after !== ZERO && !(await objectType(ctx.repo, after)))
      throw new GraphqlError("NOT_FOUND", `Object ${after} does not exist`);
    if (current && after !== ZERO && u.force !== true && !(await isAncestor(ctx.repo, current, after))) {
      throw new GraphqlError("UNPROCESSABLE", `Update of ${name} is not a fast forward`);
    }
    plan.push({ name, after, current });
  }
  for (const { name, after, current } of plan) {
    const ok =
      after === ZERO
        ? current !== undefined && (await removeRef(ctx, name, current, sender))
        : await moveRef(ctx, name, after, current, sender);
    if (!ok) throw new GraphqlError("STALE_DATA", `${name} changed during the update`);
  }
  return { clientMutationId: input.clientMutationId ?? null };
}

async function repositoryField(ctx: SandboxContext, calls: FieldCall[]) {
  const repository: Record<string, unknown> = {
    id: nodeId("R", ctx.repoId),
    name: ctx.name,
    nameWithOwner: `${ctx.owner}/${ctx.name}`,
  };
  const ref = calls.find((c) => c.name === "ref");
  if (ref) {
    const name = String(ref.args.qualifiedName);
    const full = name.startsWith("refs/") ? name : `refs/heads/${name}`;
    const oid = await readRef(ctx.repo, full);
    repository.ref = oid
      ? {
          name: full.split("/").slice(2).join("/"),
          prefix: `${full.split("/").slice(0, 2).join("/")}/`,
          target: { oid },
        }
      : null;
  }
  const pr = calls.find((c) => c.name === "pullRequest");
  if (pr) {
    const pull = ctx.state.pulls[Number(pr.args.number)];
    repository.pullRequest = pull ? pullNode(ctx, pull) : null;
  }
  return repository;
}

/**
 * The GraphQL operations the app uses: `markPullRequestReadyForReview`, `convertPullRequestToDraft`,
 * `updateRefs` (compare-and-swap on refs), and `repository { ref, pullRequest }` reads. The
 * response carries a fixed set of fields per operation, not the requested selection.
 */
export async function graphql(ctx: SandboxContext, req: RouteRequest): Promise<RouteResponse> {
  const body = isRecord(req.body) ? req.body : {};
  const query = typeof body.query === "string" ? body.query : "";
  const calls = fieldCalls(query, isRecord(body.variables) ? body.variables : {});
  const data: Record<string, unknown> = {};
  try {
    const sender = req.actor.login;
    for (const call of calls) {
      if (call.name === "markPullRequestReadyForReview") {
        requireRole(ctx, req, "write");
        data[call.name] = await setDraft(ctx, call, false, sender);
      } else if (call.name === "convertPullRequestToDraft") {
        requireRole(ctx, req, "write");
        data[call.name] = await setDraft(ctx, call, true, sender);
      } else if (call.name === "updateRefs") {
        requireRole(ctx, req, "write");
        data[call.name] = await updateRefs(ctx, call, sender);
      } else if (call.name === "repository") {
        requireRole(ctx, req, "read");
        data.repository = await repositoryField(ctx, calls);
      }
    }
    if (/^\s*(query\b[^{]*)?\{\s*viewer\b/.test(query)) data.viewer = { login: req.actor.login };
    if (Object.keys(data).length === 0)
      throw new GraphqlError("UNSUPPORTED", "the sandbox does not implement this GraphQL operation");
    return json(200, { data });
  } catch (error) {
    if (!(error instanceof GraphqlError)) throw error;
    return json(200, { data: null, errors: [{ type: error.type, message: error.message }] });
  }
}

/** GraphQL has no REST description; its envelope is still checked (a `query` string, object variables). */
export function checkGraphqlEnvelope(body: unknown): RequestCheckResult {
  const record = typeof body === "object" && body !== null ? body : {};
  const query = Reflect.get(record, "query");
  const variables = Reflect.get(record, "variables");
  const problems: string[] = [];
  if (typeof query !== "string") problems.push("graphql: body must be an object with a `query` string");
  if (variables !== undefined && (typeof variables !== "object" || variables === null || Array.isArray(variables))) {
    problems.push("graphql: `variables` must be an object");
  }
  return { problems };
}
