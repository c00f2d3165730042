import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `examples/` of this repository: the sample repository, its specs and the scripted modules' code. Two
 * folders up from `sandbox/world/`, three from the build's `lib/sandbox/world/`.
 */
export const EXAMPLES_DIR = fileURLToPath(
  ["../../examples/", "../../../examples/"].map((p) => new URL(p, import.meta.url)).find((url) => existsSync(url)) ??
    new URL("../../examples/", import.meta.url),
);
/** The sample repository the demo works on (a tiny Node project, `node --test`). */
export const SAMPLE_REPO = join(EXAMPLES_DIR, "sample-repo");
/** The demo's spec: three phases of three modules. */
export const SAMPLE_SPEC = join(EXAMPLES_DIR, "sample-task.md");
/** A variant whose two phase-2 modules both edit `src/index.js`. */
export const CONFLICT_SPEC = join(EXAMPLES_DIR, "sample-task-conflict.md");
/** What the scripted executor writes per module: `<dir>/<module slug>/<repository path>` (docs/simulate.md#solutions). */
export const SAMPLE_SOLUTIONS = join(EXAMPLES_DIR, "sample-solutions");

/**
 * The files the scripted executor writes for a module (repository path → bytes, read as they are, so a
 * PNG stays a PNG): the prepared ones under `<solutionsDir>/<slug>/`, or else one generated file
 * `src/<slug>.js`.
 */
export async function solutionFiles(solutionsDir: string, slug: string): Promise<Record<string, Buffer>> {
  const root = join(solutionsDir, slug);
  const files: Record<string, Buffer> = {};
  for (const path of await walk(root)) files[relative(root, path).split("\\").join("/")] = await readFile(path);
  if (Object.keys(files).length > 0) return files;
  return {
    [`src/${slug}.js`]: Buffer.from(
      `// ${slug}: written by the scripted executor.\nexport const ${camel(slug)} = true;\n`,
    ),
  };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const camel = (slug: string) => slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^\d/, "_$&");
