import { Octokit } from "@octokit/rest";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../sandbox/index.js";

/** A sandbox plus Octokit clients for the owner (a person) and the app's installation. */
export interface Harness {
  sandbox: Sandbox;
  owner: Octokit;
  app: Octokit;
  as(login: string): Octokit;
  repo: { owner: string; repo: string };
}

const quiet = () => undefined;
/** Octokit logs failed requests; the tests provoke failures on purpose. */
export const silent = { debug: quiet, info: quiet, warn: quiet, error: quiet };

/** A fixed clock that ticks one second per reading, so timestamps are ordered and reproducible. */
export function tickingClock(start = Date.UTC(2025, 0, 1)): () => number {
  let now = start;
  return () => {
    now += 1000;
    return now;
  };
}

/** Creates a sandbox (responses checked against the description too) and clients. */
export async function harness(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = await createSandbox({ clock: tickingClock(), checkResponses: true, ...options });
  const client = (auth: string) => new Octokit({ auth, request: { fetch: sandbox.fetch }, log: silent });
  return {
    sandbox,
    owner: client(sandbox.tokenFor(sandbox.owner)),
    app: client(sandbox.installationToken()),
    as: (login) => client(sandbox.tokenFor(login)),
    repo: { owner: sandbox.owner, repo: sandbox.repo },
  };
}

/** Commits files on top of `branch` through the git data API and moves the branch; returns the commit sha. */
export async function commitFiles(
  h: Harness,
  branch: string,
  files: Record<string, string>,
  message = "change files",
): Promise<string> {
  const { data: ref } = await h.app.rest.git.getRef({ ...h.repo, ref: `heads/${branch}` });
  const { data: parent } = await h.app.rest.git.getCommit({ ...h.repo, commit_sha: ref.object.sha });
  const { data: tree } = await h.app.rest.git.createTree({
    ...h.repo,
    base_tree: parent.tree.sha,
    tree: Object.entries(files).map(([path, content]) => ({
      path,
      mode: "100644" as const,
      type: "blob" as const,
      content,
    })),
  });
  const { data: commit } = await h.app.rest.git.createCommit({
    ...h.repo,
    message,
    tree: tree.sha,
    parents: [parent.sha],
  });
  await h.app.rest.git.updateRef({ ...h.repo, ref: `heads/${branch}`, sha: commit.sha });
  return commit.sha;
}

/** Creates `branch` from the tip of `from`. */
export async function createBranch(h: Harness, branch: string, from = "main"): Promise<string> {
  const { data } = await h.app.rest.git.getRef({ ...h.repo, ref: `heads/${from}` });
  await h.app.rest.git.createRef({ ...h.repo, ref: `refs/heads/${branch}`, sha: data.object.sha });
  return data.object.sha;
}

/** The status of a failed Octokit call (or "no error"). */
export async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : String(error);
  }
}

/** Asserts the sandbox saw no contract violations, response problems or internal errors. */
export function cleanRun(sandbox: Sandbox): { violations: unknown[]; responses: unknown[]; errors: string[] } {
  return {
    violations: [...sandbox.violations()],
    responses: [...sandbox.responseProblems()],
    errors: sandbox.internalErrors().map((e) => e.stack ?? e.message),
  };
}
