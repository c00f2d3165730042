// Bundles the executor into one ESM file, action/dist/index.js, which is committed (STACK.md §5).
// `node action/build.mjs [outfile]`: the check-dist test builds into a temp dir and diffs.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.resolve(process.argv[2] ?? path.join(root, "action/dist/index.js"));
const noOidcClient = path.join(root, "action/src/no-oidc-client.ts");

await build({
  absWorkingDir: root,
  entryPoints: ["action/src/index.ts"],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Bundled CommonJS code calls require() for Node built-ins; an ESM file has none without this.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // @actions/core needs its HTTP client (and undici) only for getIDToken(), which is never called.
  alias: { "@actions/http-client": noOidcClient, "@actions/http-client/lib/auth": noOidcClient },
  // Unminified, the bundle is 3.2 MB and parses slower; minified, 1.1 MB. Legal comments stay at the end.
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
});
