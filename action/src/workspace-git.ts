import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Deps } from "./deps.js";
import { type Git, hardenedGit } from "./hardened-git.js";

/**
 * The job's checkout (`working-directory` under the workspace, symlinks resolved) and a hardened git over
 * its own `.git` (DESIGN §8). `workTree: false` is for a job that only reads and writes objects and refs
 * (publish), so no file of the checkout is ever read through git.
 */
export async function workspaceGit(
  deps: Pick<Deps, "git" | "gitProtocols" | "workspaceRoot">,
  workingDirectory: string,
  options: { workTree: boolean },
): Promise<{ workspace: string; git: Git }> {
  const workspace = await realpath(path.resolve(deps.workspaceRoot, workingDirectory));
  const git = hardenedGit({
    git: deps.git,
    gitDir: path.join(workspace, ".git"),
    workTree: options.workTree ? workspace : null,
    protocols: deps.gitProtocols,
  });
  return { workspace, git };
}
