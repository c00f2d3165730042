import { defineConfig } from "vitest/config";

/**
 * These two build the project into its own `lib/` (`tsc -p tsconfig.build.json`) and then run or pack
 * what they built; side by side, one would rewrite files the other is loading. So they run one at a
 * time (vitest runs files without parallelism after the others).
 */
const BUILDS_LIB = ["test/ops/package.test.ts", "test/github/setup-mode.test.ts"];

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two files at once even on two cores (vitest's default there is one): much of the suite waits on
    // child processes (git, CI's test commands, tsc, npm), and each worker's JavaScript runs on one core.
    maxWorkers: 2,
    // Concurrent tests at once per file: the reliability seeds (test/reliability/scenario.ts). Each is a
    // whole world that mostly waits on git and CI's test commands; more than four only queue on two cores.
    maxConcurrency: 4,
    // The CLI engines' pinned packages, once per run (test/setup/install-engines.ts).
    globalSetup: ["test/setup/install-engines.ts"],
    projects: [
      { extends: true, test: { name: "builds-lib", include: BUILDS_LIB, fileParallelism: false } },
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: BUILDS_LIB } },
    ],
  },
});
