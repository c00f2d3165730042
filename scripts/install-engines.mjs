#!/usr/bin/env node
// Installs the CLI engines' pinned packages (action/engines.json) into .engines/ (gitignored), as the
// action installs them on the runner at job time, for the tests and the benchmark that run the real
// CLIs (docs/executor.md#engines). Prints how long it took and how much it holds. Idempotent.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pins = JSON.parse(readFileSync(path.join(root, "action/engines.json"), "utf8"));
const dir = process.env.CONDUCTOR_ENGINES_DIR ?? path.join(root, ".engines");

export function installEngines() {
  const missing = Object.values(pins).filter((pin) => {
    const file = path.join(dir, "node_modules", ...pin.package.split("/"), "package.json");
    return !existsSync(file) || JSON.parse(readFileSync(file, "utf8")).version !== pin.version;
  });
  if (missing.length === 0) return dir;
  const started = Date.now();
  const specs = missing.map((pin) => `${pin.package}@${pin.version}`);
  execFileSync(
    "npm",
    ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", ...specs],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const size = execFileSync("du", ["-sh", dir], { encoding: "utf8" }).split("\t")[0];
  console.error(
    `install-engines: ${specs.join(", ")} in ${((Date.now() - started) / 1000).toFixed(0)} s; ${dir} holds ${size}`,
  );
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) installEngines();
