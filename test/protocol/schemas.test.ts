import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker, encodeMarker } from "../../src/protocol/marker.js";

const brief: Brief = {
  version: 1,
  task: 7,
  phase: 1,
  module: "proto",
  attempt: 1,
  nonce: "n0nce-abc",
  mode: "implement",
  instructions: "Define gRPC proto files",
  success_criteria: ["proto/*.proto files exist"],
  gotchas: [],
  test_command: "./proto/generate.sh",
  paths: ["proto/**"],
  protected_paths: [".github/workflows/**"],
  items: [{ id: "work", severity: "major", issue: "Phase 1 work", fix: "Do the tasks", verification: "" }],
  feedback: [],
  budget: { turns: 40, tokens: 2_000_000, usd: 5, minutes: 30 },
  model: "claude-sonnet-4-6",
};

describe("markers", () => {
  test("a brief survives the PR body round trip", () => {
    const body = `Human text with --> and <!-- tricks\n\n${encodeMarker("brief", brief)}\n`;
    expect(decodeMarker("brief", body, Brief)).toEqual({ ok: true, value: brief });
  });

  test("a tampered marker is reported, not trusted", () => {
    const body = encodeMarker("brief", { ...brief, attempt: 0 });
    const read = decodeMarker("brief", body, Brief);
    expect(read.ok).toBe(false);
    expect(read.ok ? "" : read.message).toContain("attempt");
  });
});

describe("config defaults", () => {
  test("an empty file gives the documented defaults", () => {
    const config = Config.parse({});
    expect(config.trigger.label).toBe("orchestrate");
    expect(config.retries).toEqual({ max_attempts: 3, backoff_minutes: [1, 5, 15], same_failure_limit: 2 });
    expect(config.paths.protected).toEqual([
      ".github/workflows/**",
      ".github/actions/**",
      "CODEOWNERS",
      ".github/CODEOWNERS",
      "docs/CODEOWNERS",
      ".github/dependabot.yml",
      ".github/dependabot.yaml",
      ".github/conductor.yml",
    ]);
    expect(config.commands.rollback.permission).toBe("maintain");
  });
});
