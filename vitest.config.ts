import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Concurrent tests at once per file: the reliability seeds (test/reliability/scenario.ts). Each is a
    // whole world that mostly waits on git and CI's test commands; more than four only queue on two cores.
    maxConcurrency: 4,
  },
});
