import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pins from "../../engines.json" with { type: "json" };

const run = promisify(execFile);

/** An engine whose CLI the action installs at job time (DESIGN §8: never bundled into action/dist). */
export type CliEngine = keyof typeof pins;

/** The pinned package of `engine` (action/engines.json; scripts/install-engines.mjs reads the same file). */
export function enginePin(engine: CliEngine): { package: string; version: string } {
  return pins[engine];
}

/**
 * Installs `engine`'s pinned package under `dir` (`npm install --prefix`), as claude-code-action installs
 * Claude Code on the runner, and answers the package's directory. A directory that already holds the
 * pinned version (a cache, or the test suite's `.engines/`) is used as it is.
 */
export async function installEngine(engine: CliEngine, dir: string): Promise<string> {
  const pin = enginePin(engine);
  const packageDir = path.join(dir, "node_modules", ...pin.package.split("/"));
  if ((await installedVersion(packageDir)) === pin.version) return packageDir;
  await run(
    "npm",
    [
      "install",
      "--prefix",
      dir,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      `${pin.package}@${pin.version}`,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const installed = await installedVersion(packageDir);
  if (installed !== pin.version) {
    throw new Error(`installing ${pin.package}@${pin.version} left ${installed ?? "nothing"} in ${packageDir}`);
  }
  return packageDir;
}

async function installedVersion(packageDir: string): Promise<string | null> {
  const text = await readFile(path.join(packageDir, "package.json"), "utf8").catch(() => null);
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null && "version" in parsed && typeof parsed.version === "string"
    ? parsed.version
    : null;
}
