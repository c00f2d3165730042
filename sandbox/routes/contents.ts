import { z } from "zod";
import { identityOf, type SandboxContext } from "../context.js";
import type { GitIdentity } from "../git.js";
import { fail, json, notFound, param, parseBody, type Route, type RouteRequest, requireRole, route } from "../http.js";
import { commitTree, entryAt, readBlob, readCommit, readTree, type TreeEntry, writeBlob } from "../objects.js";
import { moveRef } from "../ops/branches.js";
import { readRef } from "../refs.js";
import { resolveCommit } from "../resolve-commit.js";
import { gitCommitShape } from "../shapes/git.js";
import { editTree } from "../tree-edit.js";

const Person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });
const PutFile = z.object({
  message: z.string(),
  content: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  committer: Person.optional(),
  author: Person.optional(),
});
const DeleteFile = PutFile.omit({ content: true }).extend({ sha: z.string() });
type WriteBody = Omit<z.infer<typeof PutFile>, "content">;

function entryJson(ctx: SandboxContext, entry: TreeEntry, path: string, ref: string) {
  const type = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : "file";
  const url = `${ctx.api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${ctx.api}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`;
  const html = `${ctx.html}/${type === "dir" ? "tree" : "blob"}/${ref}/${path}`;
  return {
    type,
    size: entry.size ?? 0,
    name: path.split("/").pop() ?? path,
    path,
    sha: entry.sha,
    url,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `https://raw.githubusercontent.com/${ctx.owner}/${ctx.name}/${ref}/${path}` : null,
    _links: { self: url, git, html },
  };
}

async function branchTip(ctx: SandboxContext, branch: string): Promise<string> {
  return (await readRef(ctx.repo, `refs/heads/${branch}`)) ?? fail(404, `Branch ${branch} not found`);
}

function person(ctx: SandboxContext, given: z.infer<typeof Person> | undefined, login: string): GitIdentity {
  const ms = given?.date ? Date.parse(given.date) : ctx.now();
  return given ? { name: given.name, email: given.email, date: Math.floor(ms / 1000) } : identityOf(ctx, login);
}

/** Writes (or with `content: null` deletes) one file on a branch, with the contents API's `sha` check. */
async function writeFile(ctx: SandboxContext, req: RouteRequest, body: WriteBody, content: Buffer | null) {
  const path = param(req, "path").replace(/^\/+/, "");
  const branch = body.branch ?? ctx.defaultBranch;
  const tip = await branchTip(ctx, branch);
  const existing = await entryAt(ctx.repo, tip, path);
  if (existing?.type === "tree") fail(422, `${path} is a directory`);
  if (existing && body.sha === undefined) fail(422, `Invalid request.\n\n"sha" wasn't supplied.`);
  if (body.sha !== undefined && existing?.sha !== body.sha) {
    if (!existing && content === null) notFound();
    fail(409, `${path} does not match ${body.sha}`);
  }
  const blob = content === null ? null : await writeBlob(ctx.repo, content);
  const parent = (await readCommit(ctx.repo, tip)) ?? fail(500, "branch tip is not a commit");
  const tree = await editTree(ctx.repo, parent.tree, [
    { path, mode: existing?.mode ?? "100644", type: "blob", sha: blob },
  ]);
  const author = person(ctx, body.author, req.actor.login);
  const committer = body.committer ? person(ctx, body.committer, req.actor.login) : author;
  const sha = await commitTree(ctx.repo, { tree, parents: [tip], message: body.message, author, committer });
  if (!(await moveRef(ctx, `refs/heads/${branch}`, sha, tip, req.actor.login))) {
    fail(409, `is at ${await branchTip(ctx, branch)} but expected ${tip}`);
  }
  const commit = gitCommitShape(ctx, (await readCommit(ctx.repo, sha)) ?? fail(500, "commit vanished"));
  const entry = blob && (await entryAt(ctx.repo, sha, path));
  return { content: entry ? entryJson(ctx, entry, path, branch) : null, commit, created: !existing };
}

/** The contents API: read a file or directory at a ref, create/update/delete a file on a branch. */
export const contentRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/contents/{path}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const path = param(req, "path").replace(/^\/+|\/+$/g, "");
    const ref = req.query.get("ref") ?? ctx.defaultBranch;
    const commit = (await resolveCommit(ctx.repo, ref)) ?? fail(404, `No commit found for the ref ${ref}`);
    const entry = (await entryAt(ctx.repo, commit, path)) ?? notFound();
    if (entry.type === "tree") {
      const children = await readTree(ctx.repo, entry.sha);
      return json(
        200,
        children.map((c) => entryJson(ctx, c, `${path}/${c.path}`, ref)),
      );
    }
    const bytes = (await readBlob(ctx.repo, entry.sha)) ?? notFound();
    if (/\.raw\b|vnd\.github\.raw/.test(req.headers.get("accept") ?? ""))
      return { status: 200, text: bytes.toString("utf8") };
    return json(200, { ...entryJson(ctx, entry, path, ref), encoding: "base64", content: bytes.toString("base64") });
  }),
  route("PUT", "/repos/{owner}/{repo}/contents/{path}", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(PutFile, req.body);
    const { created, ...result } = await writeFile(ctx, req, body, Buffer.from(body.content, "base64"));
    return json(created ? 201 : 200, result);
  }),
  route("DELETE", "/repos/{owner}/{repo}/contents/{path}", async (ctx, req) => {
    requireRole(ctx, req, "write");
    const body = parseBody(DeleteFile, req.body);
    const { created: _, ...result } = await writeFile(ctx, req, body, null);
    return json(200, result);
  }),
];
