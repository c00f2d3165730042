import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A line `withBug` adds for `--fail` (scripted-bug.ts): a file the module itself broke on an earlier attempt. */
const SCRIPTED_BUG = /^.*scripted bug: .*\n?/gm;

/**
 * What the scripted model writes for one solution file. A solution is the whole file as the module
 * would leave it on the repository's first commit; when the checkout's copy has moved on since (a module
 * whose Paths overlap merged first, docs/spec-format.md#overlapping-paths), the module's own change is
 * applied to it, as an agent editing the file would (`git merge-file --union`: the other module's lines
 * and its own both stay). The bug a failing earlier attempt left behind is dropped: the next one fixes it.
 */
export function solutionContent(workspace: string, path: string, solution: string): string {
  const file = join(workspace, path);
  if (!existsSync(file)) return solution;
  const base = atRootCommit(workspace, path);
  const current = readFileSync(file, "utf8").replace(SCRIPTED_BUG, "");
  if (base === null || current === base || current === solution || current === "") return solution;
  const dir = mkdtempSync(join(tmpdir(), "conductor-edit-"));
  try {
    const ours = join(dir, "current");
    const old = join(dir, "base");
    const theirs = join(dir, "solution");
    writeFileSync(ours, current);
    writeFileSync(old, base);
    writeFileSync(theirs, solution);
    return execFileSync("git", ["merge-file", "-p", "--union", ours, old, theirs], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function atRootCommit(workspace: string, path: string): string | null {
  const git = (args: string[]) => execFileSync("git", args, { cwd: workspace, encoding: "utf8", stdio: "pipe" });
  try {
    const root = git(["rev-list", "--max-parents=0", "HEAD"]).trim().split("\n").at(-1) ?? "";
    return git(["show", `${root}:${path}`]);
  } catch {
    return null;
  }
}
