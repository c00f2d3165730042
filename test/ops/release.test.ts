/**
 * The release process (docs/releasing.md) on a clone of this repository: `scripts/release.mjs` tags a
 * commit whose committed action bundle is what its sources build to, moves the major tag, and pins every
 * template (and the onboarding copy's source, src/github/onboarding/action-pin.ts) to the tagged commit's full SHA.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PIN_FILES } from "../../scripts/release.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "conductor-release-"));
const clone = join(scratch, "conductor");
const git = (...args: string[]) => execFileSync("git", args, { cwd: clone, encoding: "utf8" }).trim();
const release = (version: string) =>
  execFileSync(process.execPath, ["scripts/release.mjs", version], { cwd: clone, encoding: "utf8", stdio: "pipe" });

beforeAll(() => {
  execFileSync("git", ["clone", "--quiet", ROOT, clone]);
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
  git("config", "user.name", "Release Test");
  git("config", "user.email", "release@example.com");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The commit a tag names. */
const commitOf = (ref: string) => git("rev-parse", `${ref}^{commit}`);

test("a release tags a commit with a fresh bundle, moves the major tag and pins the templates to it", () => {
  const out = release("0.2.0");
  const tagged = commitOf("v0.2.0");
  expect(out).toContain(`released v0.2.0 at ${tagged}`);
  expect(out).toContain("git push origin HEAD v0.2.0 && git push --force origin v0");
  expect(commitOf("v0")).toBe(tagged);
  expect(git("rev-parse", "HEAD~1")).toBe(tagged);
  expect(JSON.parse(git("show", `${tagged}:package.json`)).version).toBe("0.2.0");

  // The tagged action bundle is what the tagged sources build to (check-dist holds at the tag).
  const fresh = join(scratch, "index.js");
  execFileSync(process.execPath, ["action/build.mjs", fresh], { cwd: clone });
  expect(
    execFileSync("git", ["show", `${tagged}:action/dist/index.js`], { cwd: clone, maxBuffer: 64 * 1024 * 1024 }).equals(
      readFileSync(fresh),
    ),
  ).toBe(true);

  // The commit after the tag pins every template to the tag's SHA, with the tag as the comment.
  expect(git("diff", "--name-only", "HEAD~1", "HEAD").split("\n").sort()).toEqual(PIN_FILES.map((p) => p.file).sort());
  const pin = readFileSync(join(clone, "src/github/onboarding/action-pin.ts"), "utf8");
  expect(pin).toContain(`sha: "${tagged}"`);
  expect(pin).toContain(`tag: "v0.2.0"`);
  const executor = readFileSync(join(clone, ".github/workflows/conductor-executor.yml"), "utf8");
  expect(executor).toContain(`uses: conductor-app/conductor/action@${tagged} # v0.2.0\n`);
  const app = readFileSync(join(clone, "docs/templates/conductor-app.yml"), "utf8");
  expect(app).toContain(`ref: ${tagged} # v0.2.0\n`);
  expect(git("status", "--porcelain", "--untracked-files=no")).toBe("");
}, 120_000);

test("the next release moves the major tag and leaves the earlier tag where it was", () => {
  const first = commitOf("v0.2.0");
  release("0.2.1");
  expect(commitOf("v0.2.0")).toBe(first);
  expect(commitOf("v0")).toBe(commitOf("v0.2.1"));
  expect(commitOf("v0.2.1")).not.toBe(first);
}, 120_000);

test("refuses an existing tag, a bad version and a dirty work tree, and changes nothing", () => {
  const head = git("rev-parse", "HEAD");
  const attempt = (version: string) => {
    try {
      release(version);
      return "";
    } catch (error) {
      return String((error as { stderr?: string }).stderr);
    }
  };
  expect(attempt("0.2.1")).toBe("release: v0.2.1 exists already\n");
  expect(attempt("1.0")).toBe("release: usage: node scripts/release.mjs <major.minor.patch>\n");
  writeFileSync(join(clone, "README.md"), "edited\n");
  expect(attempt("0.3.0")).toBe("release: the work tree has changes: commit or stash them first\n");
  expect(git("rev-parse", "HEAD")).toBe(head);
  expect(git("tag", "--list", "v0.3.0")).toBe("");
});
