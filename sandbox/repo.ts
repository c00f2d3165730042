import { randomBytes } from "node:crypto";
import { access, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CatFile } from "./cat-file.js";
import { baseEnv, createGitRunner, type GitIdentity, gitText } from "./git.js";
import { commitTree, type Repo, writeBlob } from "./objects.js";
import { casRef, readRef } from "./refs.js";
import { editTree } from "./tree-edit.js";

/** Where the initial content of the default branch comes from. */
export interface RepoSeed {
  /** Files of the first commit (path → content). */
  files?: Record<string, string | Buffer>;
  /** A directory whose files (respecting its .gitignore) become the first commit. */
  fromDir?: string;
  /**
   * A git repository whose committed tree at `rev` becomes the first commit, byte for byte (modes, binary
   * files, tracked-but-ignored files; nothing uncommitted). Wins over `fromDir`.
   */
  fromGit?: { dir: string; rev: string };
  message?: string;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Opens (or creates) the bare repository under `dir`, and gives the default branch a first commit
 * when it has none, so there is always a base to branch from, as on a GitHub repository with a README.
 */
export async function openRepo(
  dir: string,
  defaultBranch: string,
  seed: RepoSeed,
  identity: GitIdentity,
): Promise<Repo> {
  const gitDir = join(dir, "repo.git");
  const tmpDir = join(dir, "tmp");
  await mkdir(tmpDir, { recursive: true });
  if (!(await exists(join(gitDir, "HEAD")))) {
    await mkdir(gitDir, { recursive: true });
    await createGitRunner(gitDir)(["init", "--bare", "--quiet", `--initial-branch=${defaultBranch}`, gitDir]);
  }
  const git = createGitRunner(gitDir);
  // Background gc would race with the sandbox's own object writes; paths stay unescaped for parsing.
  for (const [key, value] of [
    ["gc.auto", "0"],
    ["core.quotePath", "false"],
    ["uploadpack.allowAnySHA1InWant", "true"],
  ] as const) {
    await git(["config", key, value]);
  }
  const repo: Repo = { git, cat: new CatFile(gitDir, baseEnv()), gitDir, tmpDir, commits: new Map() };
  const branchRef = `refs/heads/${defaultBranch}`;
  if ((await readRef(repo, branchRef)) === undefined) {
    const tree = await seedTree(repo, seed);
    const commit = await commitTree(repo, {
      tree,
      parents: [],
      message: seed.message ?? "Initial commit\n",
      author: identity,
    });
    await casRef(repo, branchRef, commit, undefined);
  }
  return repo;
}

/**
 * Copies the objects of `rev`'s tree from another repository into the bare one (a pack of exactly those
 * objects, no commit and no history) and returns the tree's id.
 */
async function importTree(repo: Repo, source: { dir: string; rev: string }): Promise<string> {
  const inSource = createGitRunner(source.dir);
  const at = { cwd: source.dir };
  const tree = await gitText(inSource, ["rev-parse", "--verify", "--quiet", `${source.rev}^{tree}`], at);
  const objects = await inSource(["rev-list", "--objects", "--no-object-names", tree], at);
  const pack = await inSource(["pack-objects", "--stdout", "-q"], { ...at, input: objects.stdout });
  await repo.git(["index-pack", "--stdin", "--fix-thin"], { input: pack.stdout });
  return tree;
}

async function seedTree(repo: Repo, seed: RepoSeed): Promise<string> {
  let base: string | undefined;
  if (seed.fromGit) {
    base = await importTree(repo, seed.fromGit);
  } else if (seed.fromDir) {
    const index = join(repo.tmpDir, `seed-index-${randomBytes(6).toString("hex")}`);
    try {
      const env = { GIT_DIR: repo.gitDir, GIT_INDEX_FILE: index, GIT_WORK_TREE: seed.fromDir };
      await repo.git(["add", "-A", "."], { env, cwd: seed.fromDir });
      base = await gitText(repo.git, ["write-tree"], { env });
    } finally {
      await rm(index, { force: true });
    }
  }
  const files = Object.entries(seed.files ?? (seed.fromDir || seed.fromGit ? {} : { "README.md": "# sandbox\n" }));
  const edits = [];
  for (const [path, content] of files) {
    const sha = await writeBlob(repo, typeof content === "string" ? Buffer.from(content) : content);
    edits.push({ path, mode: "100644", type: "blob" as const, sha });
  }
  return editTree(repo, base, edits);
}
