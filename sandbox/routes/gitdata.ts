import { z } from "zod";
import { identityOf, nodeId, type SandboxContext } from "../context.js";
import type { GitIdentity } from "../git.js";
import { fail, invalid, json, notFound, param, parseBody, type Route, requireRole, route } from "../http.js";
import { commitTree, objectType, readBlob, readCommit, readTree, writeBlob } from "../objects.js";
import { gitCommitShape } from "../shapes/git.js";
import { editTree, type TreeEdit } from "../tree-edit.js";

const CreateBlob = z.object({ content: z.string(), encoding: z.enum(["utf-8", "base64"]).optional() });
const TreeItem = z.object({
  path: z.string().min(1),
  mode: z.enum(["100644", "100755", "040000", "160000", "120000"]),
  type: z.enum(["blob", "tree", "commit"]),
  sha: z.string().nullish(),
  content: z.string().optional(),
});
const CreateTree = z.object({ tree: z.array(TreeItem), base_tree: z.string().optional() });
const Person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });
const CreateCommit = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: Person.optional(),
  committer: Person.optional(),
});

async function treeJson(ctx: SandboxContext, sha: string, recursive: boolean) {
  const entries = await readTree(ctx.repo, sha, recursive);
  return {
    sha,
    url: `${ctx.api}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size === undefined ? {} : { size: e.size }),
      url: `${ctx.api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    })),
  };
}

function person(ctx: SandboxContext, given: z.infer<typeof Person> | undefined, login: string): GitIdentity {
  if (!given) return identityOf(ctx, login);
  const ms = given.date ? Date.parse(given.date) : ctx.now();
  return { name: given.name, email: given.email, date: Math.floor((Number.isNaN(ms) ? ctx.now() : ms) / 1000) };
}

/** The git data API: blobs, trees and commits written straight into the object store. */
export const gitDataRoutes: Route[] = [
  route("POST", "/repos/{owner}/{repo}/git/blobs", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateBlob, req.body);
    const bytes = Buffer.from(body.content, body.encoding === "base64" ? "base64" : "utf8");
    const sha = await writeBlob(ctx.repo, bytes);
    return json(201, { sha, url: `${ctx.api}/git/blobs/${sha}` });
  }),
  route("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const sha = param(req, "file_sha");
    const content = (await readBlob(ctx.repo, sha)) ?? notFound();
    const b64 = content.toString("base64").replace(/.{60}/g, "$&\n");
    return json(200, {
      sha,
      node_id: nodeId("B", Number.parseInt(sha.slice(0, 8), 16)),
      size: content.length,
      url: `${ctx.api}/git/blobs/${sha}`,
      content: b64,
      encoding: "base64",
    });
  }),
  route("POST", "/repos/{owner}/{repo}/git/trees", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateTree, req.body);
    if (body.base_tree && (await objectType(ctx.repo, body.base_tree)) === undefined) {
      invalid({ resource: "Tree", field: "base_tree", code: "invalid" });
    }
    const edits: TreeEdit[] = [];
    for (const item of body.tree) {
      let sha = item.sha ?? null;
      if (item.content !== undefined) sha = await writeBlob(ctx.repo, Buffer.from(item.content, "utf8"));
      else if (sha !== null && (await objectType(ctx.repo, sha)) !== item.type && item.type !== "commit") {
        invalid({
          resource: "Tree",
          field: "sha",
          code: "invalid",
          message: `tree.sha ${sha} is not a valid ${item.type}`,
        });
      }
      edits.push({ path: item.path, mode: item.mode, type: item.type, sha });
    }
    const base = body.base_tree ? `${body.base_tree}^{tree}` : undefined;
    const sha = await editTree(ctx.repo, base, edits);
    return json(201, await treeJson(ctx, sha, false));
  }),
  route("GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const treeish = param(req, "tree_sha");
    const resolved = await ctx.repo.git(["rev-parse", "--verify", "--quiet", `${treeish}^{tree}`], {
      okCodes: [1, 128],
    });
    if (resolved.code !== 0 || treeish.startsWith("-")) notFound();
    const recursive = ["1", "true"].includes(req.query.get("recursive") ?? "");
    return json(200, await treeJson(ctx, resolved.stdout.toString("utf8").trim(), recursive));
  }),
  route("POST", "/repos/{owner}/{repo}/git/commits", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(CreateCommit, req.body);
    if ((await objectType(ctx.repo, body.tree)) !== "tree")
      invalid({ resource: "Commit", field: "tree", code: "invalid" });
    for (const parent of body.parents ?? []) {
      if ((await objectType(ctx.repo, parent)) !== "commit")
        fail(422, `Parent SHA does not exist or is not a commit object`);
    }
    const author = person(ctx, body.author, req.actor.login);
    const committer = body.committer ? person(ctx, body.committer, req.actor.login) : author;
    const sha = await commitTree(ctx.repo, {
      tree: body.tree,
      parents: body.parents ?? [],
      message: body.message,
      author,
      committer,
    });
    const commit = (await readCommit(ctx.repo, sha)) ?? fail(500, "commit vanished");
    return json(201, gitCommitShape(ctx, commit), { location: `${ctx.api}/git/commits/${sha}` });
  }),
  route("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const commit = (await readCommit(ctx.repo, param(req, "commit_sha"))) ?? notFound();
    return json(200, gitCommitShape(ctx, commit));
  }),
];
