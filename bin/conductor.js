#!/usr/bin/env node
// The `conductor` command. Installed from npm, the package holds the built CLI (lib/src/cli.js) and runs it.
// In a fresh clone nothing is built yet, so the TypeScript sources run directly: tsx (a dependency)
// registers a loader for .ts files, then the CLI entry runs. `npm run build` switches to lib/.
import { existsSync } from "node:fs";

const built = new URL("../lib/src/cli.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
