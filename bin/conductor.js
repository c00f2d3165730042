#!/usr/bin/env node
// The `conductor` command. In a checkout (src/ present) the TypeScript sources run directly: tsx (a
// dependency) registers a loader for .ts files — so a stale lib/ from an earlier `npm run build` never
// shadows the code you are editing. Installed from npm, the package has no src/ and runs the built CLI.
import { existsSync } from "node:fs";

const source = new URL("../src/cli.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../lib/src/cli.js", import.meta.url).href);
}
