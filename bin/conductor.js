#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx conductor` works from a fresh clone without a build:
// tsx (a dependency) registers a loader for .ts files, then the CLI entry runs.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
