import type { SandboxContext } from "../context.js";
import { diffFiles } from "../diff.js";
import { fail, json, listResponse, notFound, paginate, param, type Route, requireRole, route } from "../http.js";
import { readCommit } from "../objects.js";
import { commitsBetween, countBetween, listRefs, mergeBase, readRef } from "../refs.js";
import { resolveCommit } from "../resolve-commit.js";
import { commitShape, diffEntryShape } from "../shapes/git.js";

async function commitJson(ctx: SandboxContext, sha: string) {
  return commitShape(ctx, (await readCommit(ctx.repo, sha)) ?? notFound());
}

/** `owner:branch` or `branch` or a sha → commit sha (404 when it does not resolve). */
async function resolveSide(ctx: SandboxContext, side: string): Promise<string> {
  const rev = side.includes(":") ? side.slice(side.indexOf(":") + 1) : side;
  return (await resolveCommit(ctx.repo, rev)) ?? notFound();
}

/** Branches, comparisons and the repository commit API. */
export const branchRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/branches", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const branches = (await listRefs(ctx.repo, "refs/heads/")).map(([ref, sha]) => ({
      name: ref.slice("refs/heads/".length),
      commit: { sha, url: `${ctx.api}/commits/${sha}` },
      protected: false,
    }));
    return listResponse(req, branches);
  }),
  route("GET", "/repos/{owner}/{repo}/branches/{branch}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const name = param(req, "branch");
    const sha = (await readRef(ctx.repo, `refs/heads/${name}`)) ?? fail(404, "Branch not found");
    const self = `${ctx.api}/branches/${encodeURIComponent(name)}`;
    return json(200, {
      name,
      commit: await commitJson(ctx, sha),
      _links: { self, html: `${ctx.html}/tree/${name}` },
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      protection_url: `${self}/protection`,
    });
  }),
  route("GET", "/repos/{owner}/{repo}/compare/{basehead}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const basehead = param(req, "basehead");
    const [baseName, headName] = basehead.includes("...") ? basehead.split("...") : basehead.split("..");
    if (!baseName || !headName) notFound();
    const base = await resolveSide(ctx, baseName);
    const head = await resolveSide(ctx, headName);
    const from = (await mergeBase(ctx.repo, base, head)) ?? notFound();
    const ahead = await countBetween(ctx.repo, base, head);
    const behind = await countBetween(ctx.repo, head, base);
    const status = ahead && behind ? "diverged" : ahead ? "ahead" : behind ? "behind" : "identical";
    const shas = await commitsBetween(ctx.repo, base, head);
    const { items: page, headers } = paginate(req, shas);
    const files = await diffFiles(ctx.repo, from, head);
    return json(
      200,
      {
        url: `${ctx.api}/compare/${basehead}`,
        html_url: `${ctx.html}/compare/${basehead}`,
        permalink_url: `${ctx.html}/compare/${ctx.owner}:${base}...${ctx.owner}:${head}`,
        diff_url: `${ctx.html}/compare/${basehead}.diff`,
        patch_url: `${ctx.html}/compare/${basehead}.patch`,
        base_commit: await commitJson(ctx, base),
        merge_base_commit: await commitJson(ctx, from),
        status,
        ahead_by: ahead,
        behind_by: behind,
        total_commits: ahead,
        commits: await Promise.all(page.map((sha) => commitJson(ctx, sha))),
        files: files.slice(0, 300).map((f) => diffEntryShape(ctx, f, head)),
      },
      headers,
    );
  }),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const sha =
      (await resolveCommit(ctx.repo, param(req, "ref"))) ?? fail(422, `No commit found for SHA: ${param(req, "ref")}`);
    const commit = (await readCommit(ctx.repo, sha)) ?? notFound();
    const files = await diffFiles(ctx.repo, commit.parents[0] ?? "4b825dc642cb6eb9a060e54bf8d69288fbee4904", sha);
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    return json(200, {
      ...commitShape(ctx, commit),
      stats: { additions, deletions, total: additions + deletions },
      files: files.map((f) => diffEntryShape(ctx, f, sha)),
    });
  }),
  route("GET", "/repos/{owner}/{repo}/commits", async (ctx, req) => {
    requireRole(ctx, req, "read");
    const start = req.query.get("sha") ?? ctx.defaultBranch;
    const tip = (await resolveCommit(ctx.repo, start)) ?? notFound();
    const path = req.query.get("path");
    const out = await ctx.repo.git(["rev-list", "--max-count=1000", tip, ...(path ? ["--", path] : [])]);
    const shas = out.stdout.toString("utf8").split("\n").filter(Boolean);
    const { items, headers } = paginate(req, shas);
    return json(200, await Promise.all(items.map((sha) => commitJson(ctx, sha))), headers);
  }),
];
