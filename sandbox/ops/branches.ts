import type { SandboxContext } from "../context.js";
import { casRef, deleteRef, listRefs } from "../refs.js";
import { branchMoved } from "./pulls.js";

/**
 * Moves a ref with compare-and-swap and lets pull requests follow their head branch. Every ref
 * write of the API goes through here. Returns false when the ref was not at `expected`.
 */
export async function moveRef(
  ctx: SandboxContext,
  ref: string,
  next: string,
  expected: string | undefined,
  sender: string,
): Promise<boolean> {
  if (!(await casRef(ctx.repo, ref, next, expected))) return false;
  if (ref.startsWith("refs/heads/")) await branchMoved(ctx, ref.slice("refs/heads/".length), expected, next, sender);
  return true;
}

/** Deletes a ref (compare-and-swap), closing pull requests whose head branch it was. */
export async function removeRef(ctx: SandboxContext, ref: string, expected: string, sender: string): Promise<boolean> {
  if (!(await deleteRef(ctx.repo, ref, expected))) return false;
  if (ref.startsWith("refs/heads/"))
    await branchMoved(ctx, ref.slice("refs/heads/".length), expected, undefined, sender);
  return true;
}

/**
 * Notices branches moved by `git push` straight into the bare repository (the executor's and CI's
 * way in), and emits what GitHub would for them.
 */
export async function scanBranches(ctx: SandboxContext, sender: string): Promise<void> {
  const now = new Map((await listRefs(ctx.repo, "refs/heads/")).map(([ref, sha]) => [ref.slice(11), sha]));
  for (const [branch, sha] of now) {
    const before = ctx.state.heads[branch];
    if (before !== sha) await branchMoved(ctx, branch, before, sha, sender);
  }
  for (const [branch, sha] of Object.entries(ctx.state.heads)) {
    if (!now.has(branch)) await branchMoved(ctx, branch, sha, undefined, sender);
  }
}
