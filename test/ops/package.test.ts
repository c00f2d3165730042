/**
 * The published package (package.json `files`, `bin`, `exports`): `npm pack` holds what an installation
 * needs and none of the tests, sources or sandbox fixtures, and the `conductor` command runs from the
 * built lib/ of the unpacked tarball (no src/, so no tsx path to fall back on).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "conductor-pack-"));
const PackResult = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) }));

const npm = (args: string[], cwd = ROOT) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "pipe",
  });
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("npm pack --dry-run lists what an installation needs, and no tests, sources or fixtures", () => {
  const [pack] = PackResult.parse(JSON.parse(npm(["pack", "--dry-run", "--json", "--ignore-scripts"])));
  const files = (pack?.files ?? []).map((f) => f.path);
  for (const needed of [
    "package.json",
    "README.md",
    "LICENSE",
    "bin/conductor.js",
    "lib/src/index.js",
    "lib/src/cli/run.js",
    "lib/sandbox/cli/subcommands.js",
    "lib/src/actions-entry.js",
    "lib/src/github/server/healthz.js",
    "lib/action/src/run.js",
    "action/action.yml",
    "action/dist/index.js",
    "app.yml",
    "conductor.schema.json",
    "docs/setup.md",
    "docs/operations.md",
    "docs/templates/conductor-app.yml",
  ]) {
    expect(files, needed).toContain(needed);
  }
  const unwanted = files.filter((f) =>
    /^(test|src|bench|scripts|examples|action\/src|\.github)\/|\.map$|\.test\.|\.env|tsconfig|vitest|biome/.test(f),
  );
  expect(unwanted).toEqual([]);
});

test("the packed `conductor` command runs from lib/ without the TypeScript sources", () => {
  const tarball = PackResult.parse(
    JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", scratch])),
  )[0]?.filename;
  if (!tarball) throw new Error("npm pack wrote nothing");
  execFileSync("tar", ["-xzf", join(scratch, tarball), "-C", scratch]);
  const installed = join(scratch, "package");
  // Stands in for `npm install`: the dependencies, without the network.
  symlinkSync(join(ROOT, "node_modules"), join(installed, "node_modules"));
  const spec = join(ROOT, "examples/dataflow.md");
  const out = execFileSync(process.execPath, [join(installed, "bin/conductor.js"), "plan", spec], {
    cwd: scratch,
    encoding: "utf8",
  });
  expect(out).toMatch(/Phase 1/);
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  // A name of its own, so `npx @conductor-app/conductor` outside a clone runs this package (the unscoped
  // `conductor` on npm is another project); the command it installs is still `conductor`.
  expect(pkg.name).toBe("@conductor-app/conductor");
  expect(pkg.publishConfig).toEqual({ access: "public" });
  expect(pkg.bin).toEqual({ conductor: "bin/conductor.js" });
  expect(pkg.exports["."]).toBe("./lib/src/index.js");
}, 60_000);
