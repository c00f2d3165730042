import { findUser, nodeId, type SandboxContext } from "../context.js";
import type { DiffFile } from "../diff.js";
import type { CommitInfo } from "../objects.js";
import { userShape } from "./common.js";

const UNSIGNED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

/** GitHub's `git-ref`. */
export function gitRefShape(ctx: SandboxContext, ref: string, sha: string, type = "commit") {
  return {
    ref,
    node_id: nodeId("REF", Number.parseInt(sha.slice(0, 8), 16)),
    url: `${ctx.api}/git/${ref}`,
    object: { type, sha, url: `${ctx.api}/git/${type}s/${sha}` },
  };
}

/** GitHub's `git-commit` (the git data API's view of a commit). */
export function gitCommitShape(ctx: SandboxContext, commit: CommitInfo) {
  return {
    sha: commit.sha,
    node_id: nodeId("C", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${ctx.api}/git/commits/${commit.sha}`,
    html_url: `${ctx.html}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${ctx.api}/git/trees/${commit.tree}` },
    message: commit.message.replace(/\n$/, ""),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${ctx.api}/git/commits/${sha}`,
      html_url: `${ctx.html}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

/** A git person shown as a GitHub account when the sandbox knows one by that name. */
function accountFor(ctx: SandboxContext, name: string) {
  return findUser(ctx, name) ? userShape(ctx, name) : null;
}

/** GitHub's `commit` (the repository API's view, as in branches and comparisons). */
export function commitShape(ctx: SandboxContext, commit: CommitInfo) {
  return {
    url: `${ctx.api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId("C", Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${ctx.html}/commit/${commit.sha}`,
    comments_url: `${ctx.api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${ctx.api}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message.replace(/\n$/, ""),
      comment_count: 0,
      tree: { sha: commit.tree, url: `${ctx.api}/git/trees/${commit.tree}` },
      verification: UNSIGNED,
    },
    author: accountFor(ctx, commit.author.name),
    committer: accountFor(ctx, commit.committer.name),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${ctx.api}/commits/${sha}`,
      html_url: `${ctx.html}/commit/${sha}`,
    })),
  };
}

/** The short `head_commit` that check suites and workflow runs carry. */
export function headCommitShape(commit: CommitInfo) {
  return {
    id: commit.sha,
    tree_id: commit.tree,
    message: commit.message.replace(/\n$/, ""),
    timestamp: commit.committer.date,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
  };
}

/** GitHub's `diff-entry` for a file of a pull request or a comparison at `ref`. */
export function diffEntryShape(ctx: SandboxContext, file: DiffFile, ref: string) {
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  return {
    ...file,
    blob_url: `${ctx.html}/blob/${ref}/${path}`,
    raw_url: `${ctx.html}/raw/${ref}/${path}`,
    contents_url: `${ctx.api}/contents/${path}?ref=${ref}`,
  };
}
