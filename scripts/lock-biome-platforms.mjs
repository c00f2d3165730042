// Why: this workplace's npm registry serves only some of @biomejs/biome's per-platform binaries
// (android/darwin/win32/musl answer 404), so `npm install` writes a lockfile without them and `npm ci`
// then refuses ("Missing: @biomejs/cli-darwin-x64@ from lock file"). npm ci never installs a package
// whose os/cpu do not match the machine, so an entry that names the platform is all it needs. This adds
// those entries (idempotent). Run it after any `npm install` that rewrites package-lock.json.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const biome = lock.packages["node_modules/@biomejs/biome"];
const platforms = {
  "android-arm64": ["android", "arm64"],
  "android-x64": ["android", "x64"],
  "darwin-arm64": ["darwin", "arm64"],
  "darwin-x64": ["darwin", "x64"],
  "linux-arm64": ["linux", "arm64"],
  "linux-arm64-musl": ["linux", "arm64"],
  "linux-x64": ["linux", "x64"],
  "linux-x64-musl": ["linux", "x64"],
  "win32-arm64": ["win32", "arm64"],
  "win32-x64": ["win32", "x64"],
};
let added = 0;
for (const name of Object.keys(biome.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [os, cpu] = platforms[name.replace("@biomejs/cli-", "")] ?? [];
  if (!os) throw new Error(`unknown biome platform package ${name}`);
  const entry = {
    version: biome.optionalDependencies[name],
    cpu: [cpu],
    dev: true,
    license: biome.license,
    optional: true,
    os: [os],
  };
  if (name.endsWith("-musl")) entry.libc = ["musl"];
  lock.packages[key] = { ...entry, engines: biome.engines };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-biome-platforms: added ${added} entr${added === 1 ? "y" : "ies"}`);
