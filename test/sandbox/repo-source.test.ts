import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { repoSource } from "../../sandbox/world/repo-source.js";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "conductor-repo-source-"));
  roots.push(root);
  return root;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();

async function repo(dir: string, branch: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  git(dir, "init", "-q", `--initial-branch=${branch}`);
  await writeFile(join(dir, "README.md"), "# r\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "first");
  return git(dir, "rev-parse", "HEAD");
}

describe("repoSource: what `simulate --repo` starts from", () => {
  test("a repository on master: HEAD's commit, branch master from HEAD; --base wins", async () => {
    const dir = join(await tempDir(), "lib");
    const head = await repo(dir, "master");
    expect(await repoSource(dir)).toEqual({
      seed: { fromGit: { dir, rev: head } },
      defaultBranch: "master",
      branchFrom: "HEAD",
    });
    expect(await repoSource(dir, "develop")).toMatchObject({ defaultBranch: "develop", branchFrom: "--base" });
  });

  test("a clone checked out on a feature branch: the remote's default branch (origin/HEAD)", async () => {
    const root = await tempDir();
    await repo(join(root, "upstream"), "trunk");
    git(root, "clone", "-q", join(root, "upstream"), "clone");
    const clone = join(root, "clone");
    git(clone, "checkout", "-q", "-b", "feature");
    expect(await repoSource(clone)).toMatchObject({ defaultBranch: "trunk", branchFrom: "origin/HEAD" });
  });

  test("a detached HEAD: main, said to be the fallback", async () => {
    const dir = join(await tempDir(), "lib");
    const head = await repo(dir, "master");
    git(dir, "checkout", "-q", "--detach", head);
    expect(await repoSource(dir)).toMatchObject({ defaultBranch: "main", branchFrom: "default" });
  });

  test("a plain folder, or a folder inside a repository: its files on disk, on main", async () => {
    const plain = await tempDir();
    expect(await repoSource(plain)).toEqual({ seed: { fromDir: plain }, defaultBranch: "main", branchFrom: "default" });
    const outer = join(await tempDir(), "outer");
    await repo(outer, "master");
    const inner = join(outer, "examples");
    await mkdir(inner);
    expect(await repoSource(inner)).toMatchObject({ seed: { fromDir: inner }, defaultBranch: "main" });
  });

  test("a repository with no commits is refused with what to do", async () => {
    const dir = await tempDir();
    git(dir, "init", "-q");
    await expect(repoSource(dir)).rejects.toThrow(/no commits: commit the files to simulate on first/);
  });
});
