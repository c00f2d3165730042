import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { printableDashboard, runSimulation } from "../../sandbox/cli/simulate.js";
import { installEngines } from "../../scripts/install-engines.mjs";

// `conductor simulate --engine claude-code|codex`: the sandbox world's executor runs the real action,
// which installs nothing (CONDUCTOR_ENGINES_DIR holds the pinned CLIs, as test/setup/install-engines.ts
// left them), runs Claude Code or `codex exec` inside the command sandbox behind its key proxy, against
// the scripted model served over HTTP (sandbox/world/engine-model.ts: the Messages API for Claude
// Code, the streamed Responses API for Codex); the app, CI and merges are the world's.

const SPEC = `Build tally's money module

Money formatting for tally.

## Implementation Phases

### Phase 1: Money
- Amounts are integer cents everywhere; format and parse them for people
Modules: money
Success Criteria:
- the module's test passes with \`node --test\`

#### Module: money
Paths: src/money.js, test/money.test.js
Test Command: node test/money.test.js
\`formatCents(cents)\` and \`parseCents(text)\` in \`src/money.js\`.
`;

let dir = "";
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.CONDUCTOR_ENGINES_DIR;
  process.env.CONDUCTOR_ENGINES_DIR = installEngines();
  dir = mkdtempSync(path.join(tmpdir(), "simulate-engine-"));
}, 600_000);
afterAll(() => {
  if (saved === undefined) delete process.env.CONDUCTOR_ENGINES_DIR;
  else process.env.CONDUCTOR_ENGINES_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("conductor simulate --engine claude-code", () => {
  test("the task goes green with Claude Code doing each module's work; the dashboard names the engine", async () => {
    const spec = path.join(dir, "spec.md");
    writeFileSync(spec, SPEC);
    let dashboard = "";
    const code = await runSimulation(
      { specFile: spec, fail: [], seed: 1, ci: true, engine: "claude-code" },
      async (world) => {
        dashboard = printableDashboard(world);
      },
    );
    expect(dashboard).toContain("done");
    expect(dashboard).toContain("- money: engine `claude-code` · model `claude-sonnet-4-6` · instructions: none");
    expect(code).toBe(0);
  }, 300_000);
});

describe("conductor simulate --engine codex", () => {
  test("the task goes green with Codex doing each module's work through its shell; the dashboard names engine and model", async () => {
    const spec = path.join(dir, "spec-codex.md");
    writeFileSync(spec, SPEC);
    let dashboard = "";
    const code = await runSimulation(
      { specFile: spec, fail: [], seed: 1, ci: true, engine: "codex" },
      async (world) => {
        dashboard = printableDashboard(world);
      },
    );
    expect(dashboard).toContain("done");
    expect(dashboard).toContain("- money: engine `codex` · model `gpt-5-codex` · instructions: none");
    expect(code).toBe(0);
  }, 300_000);
});
