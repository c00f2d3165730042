#!/usr/bin/env node
// Cuts a release (docs/releasing.md): `node scripts/release.mjs <version>` on a clean main.
//
//  1. sets package.json's version, rebuilds the committed action bundle (action/dist) and commits
//     "release vX.Y.Z" (or tags HEAD as it is when nothing changed);
//  2. tags that commit vX.Y.Z and moves the major tag vX to it;
//  3. writes the tagged commit's SHA into every place that pins Conductor — src/github/onboarding/action-pin.ts
//     (which the onboarding PR's copy reads), the executor workflow templates' `uses:` and the Actions-hosted
//     template's `ref:` — as `<sha> # vX.Y.Z`, and commits that.
//
// A commit cannot hold its own SHA, so the pin is written in the commit after the tag: the templates users
// copy from main, the onboarding PR of an app deployed from it, and the npm package published from it all pin
// the release just tagged. It pushes nothing: it prints the commands that publish the release.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Every file that pins Conductor, and how its pin is written. */
export const PIN_FILES = [
  { file: "src/github/onboarding/action-pin.ts", kind: "module" },
  { file: ".github/workflows/conductor-executor.yml", kind: "uses" },
  { file: "examples/sample-repo/.github/workflows/conductor-executor.yml", kind: "uses" },
  { file: "docs/templates/conductor-app.yml", kind: "ref" },
];

/** The text with its pin replaced by `sha` and `tag`; throws when the file holds no pin to replace. */
export function rewritePin(text, kind, { sha, tag }) {
  const patterns = {
    module: [
      [/sha: "[0-9a-f]{40}"/, `sha: "${sha}"`],
      [/tag: "v[^"]+"/, `tag: "${tag}"`],
    ],
    uses: [[/(uses: [^\s@]+\/action(?:\/[^\s@]+)?@)[0-9a-f]{40} # \S+/g, `$1${sha} # ${tag}`]],
    ref: [[/ref: [0-9a-f]{40} # \S+/, `ref: ${sha} # ${tag}`]],
  }[kind];
  let out = text;
  for (const [pattern, replacement] of patterns) {
    // Every match (a workflow may use the action in more than one job); `search` ignores the g flag's state.
    if (out.search(pattern) === -1) throw new Error(`no ${kind} pin (${pattern}) to rewrite`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

function main(argv) {
  const version = argv[0];
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) fail("usage: node scripts/release.mjs <major.minor.patch>");
  const tag = `v${version}`;
  const major = `v${version.split(".")[0]}`;
  if (git("status", "--porcelain", "--untracked-files=no") !== "")
    fail("the work tree has changes: commit or stash them first");
  if (git("tag", "--list", tag) !== "") fail(`${tag} exists already`);

  // 1. The release commit: the version, and the bundle built from exactly these sources.
  execFileSync("npm", ["version", version, "--no-git-tag-version", "--allow-same-version"], {
    cwd: root,
    stdio: "pipe",
  });
  execFileSync(process.execPath, ["action/build.mjs"], { cwd: root, stdio: "pipe" });
  if (git("status", "--porcelain", "--untracked-files=no") !== "") {
    git("add", "package.json", "package-lock.json", "action/dist");
    git("commit", "--quiet", "-m", `release ${tag}`);
  }
  const sha = git("rev-parse", "HEAD");

  // 2. The tags: the release, and the major tag moved to it.
  git("tag", "--annotate", tag, "-m", `Conductor ${tag}`);
  git("tag", "--force", "--annotate", major, "-m", `Conductor ${tag} (latest ${major})`);

  // 3. The pin, in the commit after the release.
  for (const { file, kind } of PIN_FILES) {
    const full = path.join(root, file);
    writeFileSync(full, rewritePin(readFileSync(full, "utf8"), kind, { sha, tag }));
  }
  git("add", ...PIN_FILES.map((p) => p.file));
  git("commit", "--quiet", "-m", `pin the templates to ${tag} (${sha})`);

  process.stdout.write(
    [
      `released ${tag} at ${sha}; ${major} moved there; templates pinned in ${git("rev-parse", "--short", "HEAD")}`,
      "publish it with:",
      `  git push origin HEAD ${tag} && git push --force origin ${major}`,
      "  npm publish",
      "",
    ].join("\n"),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
