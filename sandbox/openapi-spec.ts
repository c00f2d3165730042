import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildOpenApiIndex, isRecord, type OpenApiIndex } from "./openapi-index.js";

/** Bump when the index layout or the conversion changes: the cache file name carries it. */
const FORMAT = 3;

const require = createRequire(import.meta.url);

// Our own file, named by package version and FORMAT: a shape check is enough to catch a foreign one.
function isIndex(value: unknown, version: string): value is OpenApiIndex {
  return isRecord(value) && value.version === version && Array.isArray(value.operations) && isRecord(value.definitions);
}

/** The index for `options` from the disk cache, or built from the full description and cached. */
async function readOrBuild(file: string, version: string, options: { responses?: boolean }): Promise<OpenApiIndex> {
  const cached: unknown = await readFile(file, "utf8").then(JSON.parse, () => undefined);
  if (isIndex(cached, version)) return cached;
  const full: unknown = JSON.parse(
    await readFile(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8"),
  );
  if (!isRecord(full)) throw new Error("@octokit/openapi's description is not an object");
  const index = buildOpenApiIndex(full, version, options);
  try {
    await mkdir(dirname(file), { recursive: true });
    // Written under a unique name, then renamed: parallel test workers may race to build it without harm.
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, JSON.stringify(index));
    await rename(tmp, file);
  } catch {
    // A read-only node_modules only costs the next process the same build.
  }
  return index;
}

/**
 * The compact index of GitHub's REST description (`@octokit/openapi`), cached on disk in
 * `node_modules/.cache/conductor/` keyed by the package version, because every test worker would
 * otherwise parse 13 MB (~0.2 s) and convert it (~0.5 s) to check a handful of requests. Without
 * `responses` the cached file is ~0.6 MB (~7 ms to read); with them, larger.
 */
export async function loadOpenApiIndex(options: { responses?: boolean } = {}): Promise<OpenApiIndex> {
  const pkg = require.resolve("@octokit/openapi/package.json");
  const manifest: unknown = JSON.parse(await readFile(pkg, "utf8"));
  const version = isRecord(manifest) ? String(manifest.version) : "unknown";
  const modules = pkg.slice(0, pkg.lastIndexOf("node_modules") + "node_modules".length);
  const name = `openapi-index-${version}-v${FORMAT}${options.responses ? "-responses" : ""}.json`;
  return readOrBuild(join(modules, ".cache", "conductor", name), version, options);
}
