import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A real git checkout of a module branch, with a bare repository as its `origin`. */
export interface TestRepo {
  root: string;
  /** GITHUB_WORKSPACE: the checkout. */
  workspace: string;
  /** The bare remote the executor pushes to. */
  remote: string;
  branch: string;
  /** The branch head before the executor runs (also the PR's head SHA). */
  headSha: string;
  /** `git` in the bare remote. */
  remoteGit(...args: string[]): string;
  /** `git` in the checkout. */
  git(...args: string[]): string;
  cleanup(): void;
}

const FILES: Record<string, string> = {
  "src/greet.js": 'export function greet(name) {\n  return "Hi " + name;\n}\n',
  "test/greet.test.js":
    'import { greet } from "../src/greet.js";\nif (greet("world") !== "Hello, world!") {\n  console.error("expected Hello, world! but got " + greet("world"));\n  process.exit(1);\n}\nconsole.log("ok");\n',
  "package.json": '{ "type": "module" }\n',
  ".github/workflows/ci.yml": "on: push\njobs: {}\n",
  "README.md": "# greet\n",
};

const BRANCH = "conductor/7/p1-greet";
export const INTEGRATION = "conductor/7/integration";

/**
 * Creates the repository: main with the files above, the integration branch, and the module branch
 * checked out, all pushed. With `conflict`, the integration branch and the module branch have each
 * changed the same line of src/greet.js since they parted, and the integration branch also added
 * docs/notes.md (outside the module's paths).
 */
export function createTestRepo(options: { conflict?: boolean } = {}): TestRepo {
  const root = mkdtempSync(path.join(tmpdir(), "conductor-executor-"));
  const remote = path.join(root, "remote.git");
  const workspace = path.join(root, "work");
  const run = (cwd: string, args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } }).trim();
  run(root, ["init", "-q", "--bare", "-b", "main", remote]);
  run(root, ["init", "-q", "-b", "main", workspace]);
  for (const [file, content] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), content);
  }
  const id = ["-c", "user.name=Maintainer", "-c", "user.email=m@example.com", "-c", "commit.gpgsign=false"];
  run(workspace, ["add", "-A"]);
  run(workspace, [...id, "commit", "-q", "-m", "initial"]);
  run(workspace, ["remote", "add", "origin", remote]);
  run(workspace, ["push", "-q", "origin", "main"]);
  run(workspace, ["checkout", "-q", "-b", INTEGRATION]);
  const change = (file: string, content: string, message: string) => {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), content);
    run(workspace, ["add", "-A"]);
    run(workspace, [...id, "commit", "-q", "-m", message]);
  };
  if (options.conflict) {
    change("src/greet.js", 'export function greet(name) {\n  return "Hey " + name;\n}\n', "integration: hey");
    change("docs/notes.md", "# notes from another module\n", "integration: notes");
  }
  run(workspace, ["push", "-q", "origin", INTEGRATION]);
  run(workspace, ["checkout", "-q", "-b", BRANCH, "main"]);
  if (options.conflict)
    change("src/greet.js", 'export function greet(name) {\n  return "Howdy " + name;\n}\n', "module: howdy");
  run(workspace, ["push", "-q", "origin", BRANCH]);
  // Like a fresh checkout: the module branch only; the harness fetches the base when it needs it.
  run(workspace, ["branch", "-q", "-D", INTEGRATION]);
  return {
    root,
    workspace,
    remote,
    branch: BRANCH,
    headSha: run(workspace, ["rev-parse", "HEAD"]),
    remoteGit: (...args) => run(remote, args),
    git: (...args) => run(workspace, args),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
