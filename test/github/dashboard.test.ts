import { describe, expect, test } from "vitest";
import { elapsed, renderDashboard } from "../../src/github/dashboard/dashboard.js";
import { hasSpec, parseSpec } from "../../src/plan/parse.js";
import { ISSUE, Scenario, START, sha } from "./scenario.js";

const HEAD = sha("d");
const MERGED = sha("e");

/** Phase 1 done (both modules merged, checkpoint), phase 2 running; api needed two attempts. */
function phaseTwo(): Scenario {
  const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 }).reported("p1-proto", HEAD, 700);
  const green = { pending: [], passed: ["test"], failed: [], none_seen: false };
  const red = {
    pending: [],
    passed: [],
    failed: [{ name: "lint", conclusion: "failure", summary: "2 errors", annotations: [] }],
    none_seen: false,
  };
  s.apply({ type: "ChecksCompleted", id: "c1", module: "p1-proto", head_sha: HEAD, checks: green });
  s.apply({ type: "PullMerged", id: "m1", module: "p1-proto", number: 11, merge_sha: sha("1") });
  s.reported("p1-api", sha("2"), 701);
  s.apply({ type: "ChecksCompleted", id: "c2", module: "p1-api", head_sha: sha("2"), checks: red });
  s.reported("p1-api", sha("3"), 702);
  s.apply({ type: "ChecksCompleted", id: "c3", module: "p1-api", head_sha: sha("3"), checks: green });
  s.apply({ type: "PullMerged", id: "m2", module: "p1-api", number: 12, merge_sha: MERGED });
  return s.opened({ "p2-service": 13 });
}

describe("renderDashboard", () => {
  const s = phaseTwo();
  const text = renderDashboard(s.record, START + 95 * 60_000);

  test("starts with its marker and a status line: phase x of y, merged, attempts, cost, elapsed", () => {
    expect(text.startsWith("<!-- conductor:dashboard -->\n")).toBe(true);
    expect(text).toContain(`## Conductor · #${ISSUE} — running`);
    expect(text).toContain("**phase 2 of 2** · 2/3 modules merged · 4 attempts · $0.75 of $50.00 · 1 h 35 min elapsed");
  });

  test("a Mermaid flowchart: each phase a box of its modules, in order, coloured by state", () => {
    expect(text).toContain(
      [
        "```mermaid",
        "flowchart LR",
        '  subgraph P1["Phase 1: Proto definitions ✔"]',
        "    direction TB",
        '    M1["proto<br/>merged"]',
        '    M2["api<br/>merged"]',
        "  end",
        '  subgraph P2["Phase 2: Service ⏳"]',
        "    direction TB",
        '    M3["service<br/>running"]',
        "  end",
        "  P1 --> P2",
      ].join("\n"),
    );
    expect(text).toContain("class P1 done");
    expect(text).toContain("class P2 active");
    expect(text).toContain("  class M1 merged\n  class M2 merged\n  class M3 working");
  });

  test("every colour class sets a dark text colour on its light fill, so dark mode stays legible", () => {
    const defs = text.split("\n").filter((line) => line.trimStart().startsWith("classDef "));
    const used = new Set([...text.matchAll(/^ {2}class \S+ (\S+)$/gm)].map((match) => match[1]));
    expect(defs.length).toBeGreaterThan(0);
    for (const def of defs) expect(def).toMatch(/fill:#[0-9a-f]{6},.*color:#1f2328/);
    for (const name of used) expect(defs.some((def) => def.startsWith(`  classDef ${name} `))).toBe(true);
  });

  test("one section per phase with its go/no-go line and checkpoint, one row per module", () => {
    expect(text).toContain(`✅ **Go** — 2/2 modules merged; checkpoint \`${MERGED.slice(0, 7)}\``);
    expect(text).toContain("⏳ In progress — 0/1 modules merged");
    expect(text).toContain("| proto | #11 | merged | 1 | — |");
    expect(text).toContain("| api | #12 | merged | 2 | — |");
    expect(text).toMatch(/\| service \| #13 \| running \| 1 \(running\) \| — \|/);
  });

  test("the plan in the spec format (it parses back), recent events and the commands", () => {
    const plan = /````markdown\n([\s\S]*?)````/.exec(text)?.[1] ?? "";
    expect(hasSpec(plan)).toBe(true);
    const parsed = parseSpec(plan);
    expect(parsed.ok && parsed.plan).toEqual(s.record.plan);
    expect(text).toContain("<details><summary>Recent events</summary>");
    expect(text).toMatch(/api attempt 1 failed: checks failed: lint/);
    expect(text).toContain("| `/retry [note]` |");
  });

  test("a blocked task says why at the top; stopped modules make the phase no-go", () => {
    const blocked = new Scenario({ config: { retries: { max_attempts: 1 } } })
      .opened({ "p1-proto": 11, "p1-api": 12 })
      .reported("p1-proto", HEAD, 700);
    blocked.apply({
      type: "ChecksCompleted",
      id: "c",
      module: "p1-proto",
      head_sha: HEAD,
      checks: {
        pending: [],
        passed: [],
        failed: [{ name: "test", conclusion: "failure", summary: "", annotations: [] }],
        none_seen: false,
      },
    });
    const view = renderDashboard(blocked.record, START);
    expect(view).toContain("— blocked");
    expect(view).toMatch(/> \[!WARNING\]\n> Blocked: proto: 1 attempts failed/);
    expect(view).toContain("⛔ **No-go** — 0/2 modules merged; stopped: proto");
    expect(view).toContain("class P1 blocked");
    expect(view).toContain('subgraph P1["Phase 1: Proto definitions ⛔"]');
  });
});

test("elapsed reads like a person would say it", () => {
  expect([elapsed(10_000), elapsed(12 * 60_000), elapsed(125 * 60_000), elapsed(50 * 3_600_000)]).toEqual([
    "< 1 min",
    "12 min",
    "2 h 05 min",
    "2 d 2 h",
  ]);
});

describe("the dashboard's engines and models", () => {
  test("per module: the engine, model and instruction files its last result reported; before one, what the config names", () => {
    const s = new Scenario().opened({ "p1-proto": 11, "p1-api": 12 });
    const result = s.result("p1-proto", HEAD, {
      agent: { engine: "claude-code", model: "claude-opus-4-5", instructions: ["AGENTS.md", "CLAUDE.md"] },
    });
    s.apply({ type: "ResultPosted", id: "r-agent", module: "p1-proto", comment_id: 900, result, author_is_app: true });
    const text = renderDashboard(s.record, START);
    expect(text).toContain("<details><summary>Engines and models</summary>");
    expect(text).toContain(
      "- proto: engine `claude-code` · model `claude-opus-4-5` · instructions: AGENTS.md, CLAUDE.md",
    );
    expect(text).toContain(`- api: engine \`builtin\` · model \`${s.record.config.executor.model}\``);
  });
});
