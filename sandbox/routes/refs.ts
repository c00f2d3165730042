import { z } from "zod";
import type { SandboxContext } from "../context.js";
import { fail, json, param, parseBody, type Route, requireRole, route } from "../http.js";
import { objectType } from "../objects.js";
import { moveRef, removeRef } from "../ops/branches.js";
import { isAncestor, isValidRefName, listRefs, readRef } from "../refs.js";
import { gitRefShape } from "../shapes/git.js";

const CreateRef = z.object({ ref: z.string(), sha: z.string() });
const UpdateRef = z.object({ sha: z.string(), force: z.boolean().optional() });

async function refJson(ctx: SandboxContext, ref: string, sha: string) {
  return gitRefShape(ctx, ref, sha, (await objectType(ctx.repo, sha)) ?? "commit");
}

/** The object a ref may point to: it must exist (GitHub: "Object does not exist"). */
async function requireObject(ctx: SandboxContext, sha: string): Promise<void> {
  if (!(await objectType(ctx.repo, sha))) fail(422, "Object does not exist");
}

/** Git references: read, list by prefix, create, move (fast-forward unless forced), delete. */
export const refRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/git/ref/{ref}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const ref = `refs/${param(req, "ref")}`;
    const sha = (await readRef(ctx.repo, ref)) ?? fail(404, "Not Found");
    return json(200, await refJson(ctx, ref, sha));
  }),
  route("GET", "/repos/{owner}/{repo}/git/matching-refs/{ref}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    // A string prefix, not a path prefix: `heads/feat` matches `heads/feature`, as on GitHub.
    const prefix = `refs/${param(req, "ref")}`;
    const refs = (await listRefs(ctx.repo)).filter(([ref]) => ref.startsWith(prefix));
    return json(200, await Promise.all(refs.map(([ref, sha]) => refJson(ctx, ref, sha))));
  }),
  route("POST", "/repos/{owner}/{repo}/git/refs", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateRef, req.body);
    if (!/^refs\/[^/]+\/.+/.test(body.ref) || !isValidRefName(body.ref)) {
      fail(422, `${body.ref} is not a valid ref name.`);
    }
    await requireObject(ctx, body.sha);
    if (!(await moveRef(ctx, body.ref, body.sha, undefined, req.actor.login))) fail(422, "Reference already exists");
    return json(201, await refJson(ctx, body.ref, body.sha), { location: `${ctx.api}/git/${body.ref}` });
  }),
  route("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const ref = `refs/${param(req, "ref")}`;
    const body = parseBody(UpdateRef, req.body);
    const current = (await readRef(ctx.repo, ref)) ?? fail(422, "Reference does not exist");
    await requireObject(ctx, body.sha);
    if (!body.force && current !== body.sha && !(await isAncestor(ctx.repo, current, body.sha))) {
      fail(422, "Update is not a fast forward");
    }
    // The CAS guards against a concurrent writer between the read above and this write.
    if (!(await moveRef(ctx, ref, body.sha, current, req.actor.login))) fail(409, "Reference update failed");
    return json(200, await refJson(ctx, ref, body.sha));
  }),
  route("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const ref = `refs/${param(req, "ref")}`;
    const current = (await readRef(ctx.repo, ref)) ?? fail(422, "Reference does not exist");
    if (!(await removeRef(ctx, ref, current, req.actor.login))) fail(409, "Reference update failed");
    return { status: 204 };
  }),
];
