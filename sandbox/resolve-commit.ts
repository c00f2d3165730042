import { isSha, type Repo } from "./objects.js";
import { readRef } from "./refs.js";

/**
 * Resolves a revision to a commit sha: a full sha, a branch or tag name, `heads/x`, `refs/...`,
 * and (through `git rev-parse`) anything else git understands. Refs are read from the files, never
 * through the long-lived cat-file, whose ref cache could be stale after a push. Its own file because it
 * reads refs (refs.ts) and objects (objects.ts), and refs.ts reads objects: dependencies point one way.
 */
export async function resolveCommit(repo: Repo, rev: string): Promise<string | undefined> {
  if (rev === "" || rev.startsWith("-")) return undefined;
  const candidates = isSha(rev)
    ? [rev]
    : [`refs/heads/${rev}`, `refs/tags/${rev}`, ...(rev.startsWith("refs/") ? [rev] : [`refs/${rev}`])];
  for (const candidate of candidates) {
    const sha = isSha(candidate) ? candidate : await readRef(repo, candidate);
    if (!sha) continue;
    const peeled = await repo.cat.read(`${sha}^{commit}`);
    if (peeled) return peeled.sha;
  }
  if (isSha(rev)) return undefined;
  const { code, stdout } = await repo.git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], {
    okCodes: [1, 128],
  });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}
