#!/usr/bin/env node
// The `conductor` command. In a checkout (src/ present) the TypeScript sources run directly: tsx (a
// dependency) registers a loader for .ts files — so a stale lib/ from an earlier `npm run build` never
// shadows the code you are editing. Installed from npm, the package has no src/ and runs the built CLI.
// This file is also where the app's subcommands (src/cli/) meet the sandbox's (`demo`, `simulate`:
// sandbox/cli/): production code never imports the sandbox (docs/architecture.md#the-rooms).
import { existsSync } from "node:fs";

const checkout = existsSync(new URL("../src/", import.meta.url));
if (checkout) (await import("tsx/esm/api")).register();
const load = (path) => import(new URL(checkout ? `../${path}.ts` : `../lib/${path}.js`, import.meta.url).href);

const [{ runCli }, { nodeIo }, { SANDBOX_SUBCOMMANDS }] = await Promise.all([
  load("src/cli/run"),
  load("src/cli/io"),
  load("sandbox/cli/subcommands"),
]);
process.exitCode = await runCli(process.argv.slice(2), nodeIo(), SANDBOX_SUBCOMMANDS);
