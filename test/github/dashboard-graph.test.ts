import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { TaskRecord } from "../../src/core/record.js";
import { renderDashboard } from "../../src/github/dashboard/dashboard.js";
import { randomDriver, randomStep, Tape } from "../core/model.js";
import { Scenario, START, sha } from "./scenario.js";

const GRAPH_SPEC = `## Implementation Phases

### Phase 1: Base
Modules: money, tax

#### Module: money
Paths: src/money.js

#### Module: tax
Paths: src/tax.js

### Phase 2: Exports
Modules: export-money, export-tax, docs

#### Module: export-money
Paths: src/index.js
Depends on: money

#### Module: export-tax
Paths: src/index.js
Depends on: tax

#### Module: docs
Paths: docs/**
`;

const green = { pending: [], passed: ["test"], failed: [], none_seen: false };

/** Phase 1 of GRAPH_SPEC running: money merged, tax still running, so export-money started early. */
function moneyMerged(): Scenario {
  const s = new Scenario({ spec: GRAPH_SPEC }).opened({ "p1-money": 11, "p1-tax": 12 });
  s.reported("p1-money", sha("d"), 700);
  s.apply({ type: "ChecksCompleted", id: "c1", module: "p1-money", head_sha: sha("d"), checks: green });
  s.apply({ type: "PullMerged", id: "m1", module: "p1-money", number: 11, merge_sha: sha("1") });
  return s;
}

describe("the dashboard's picture of the graph", () => {
  const s = moneyMerged();
  const text = renderDashboard(s.record, START);

  test("dependency edges solid, the overlap's wait dotted, each module in its phase's box", () => {
    expect(text).toContain('  subgraph P2["Phase 2: Exports ⏩"]');
    expect(text).toContain(
      '    M3["export-money<br/>opening"]\n    M4["export-tax<br/>pending"]\n    M5["docs<br/>pending"]',
    );
    expect(text).toContain("  M1 --> M3\n  M2 --> M4\n  M3 -.->|same files| M4");
    expect(text).toContain("  class P2 early");
  });

  test("the phase section says the same as the diagram, and each waiting module says what it waits for", () => {
    expect(text).toContain(
      "⏩ Started early (dependencies merged) — 0/3 modules merged; merges after the phases before it",
    );
    expect(text).toMatch(/\| export-tax \| — \| pending: waits for tax, export-money \|/);
    expect(text).toMatch(/\| docs \| — \| pending \|/);
  });

  test("overlapping Paths are a note above the phases, with what Conductor does about them", () => {
    expect(text).toContain(
      '> [!NOTE]\n> Paths overlap — each pair runs one after the other, in plan order (`limits.overlap: sequential`):\n> - modules "export-money" and "export-tax" of phase 2 overlap (both may change `src/index.js`)',
    );
    const parallel = new Scenario({ spec: GRAPH_SPEC, config: { limits: { overlap: "parallel" } } });
    const view = renderDashboard(parallel.record, START);
    expect(view).toContain("they run side by side and conflicts are resolved at merge (`limits.overlap: parallel`)");
    expect(view).not.toContain("-.->");
  });

  test("a task blocked with no module stopped (branch rules refused a merge): blocked in the diagram and below it", () => {
    const blocked = new Scenario({ spec: GRAPH_SPEC }).opened({ "p1-money": 11, "p1-tax": 12 });
    blocked.reported("p1-money", sha("d"), 700);
    blocked.apply({ type: "ChecksCompleted", id: "c1", module: "p1-money", head_sha: sha("d"), checks: green });
    blocked.apply({
      type: "MergeRejected",
      id: "r1",
      module: "p1-money",
      head_sha: sha("d"),
      reason: "blocked",
      message: "At least 1 approving review is required",
    });
    expect(blocked.record.status).toBe("blocked");
    const view = renderDashboard(blocked.record, START);
    expect(view).toContain('subgraph P1["Phase 1: Base ⛔"]');
    expect(view).toContain("class P1 blocked");
    expect(view).toContain("⛔ **No-go** — 0/2 modules merged; the task is blocked");
  });
});

/** The phase states the diagram and the sections show, phase by phase. */
function statesShown(text: string): { diagram: string[]; sections: string[] } {
  const diagram = [...text.matchAll(/^ {2}class P\d+ (\w+)$/gm)].map((m) => m[1] ?? "");
  const marks: Record<string, string> = {
    "✅": "done",
    "⛔": "blocked",
    "⏳": "active",
    "⏩": "early",
    "⏸": "waiting",
  };
  const sections = [...text.matchAll(/^### Phase \d+: .*\n\n(\S+)/gm)].map((m) => marks[m[1] ?? ""] ?? m[1] ?? "");
  return { diagram, sections };
}

test("property: over random tasks with dependencies and overlaps, the diagram and the sections never disagree", () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 0xffff }), { minLength: 50, maxLength: 1500 }), (values) => {
      const tape = new Tape(values);
      const d = randomDriver(tape);
      d.label();
      for (let i = 0; i < 120; i++) {
        randomStep(d, tape);
        const r: TaskRecord | null = d.record;
        if (r?.plan) {
          const { diagram, sections } = statesShown(renderDashboard(r, d.now));
          expect(diagram).toHaveLength(r.plan.phases.length);
          expect(diagram).toEqual(sections);
        }
      }
    }),
    { numRuns: 12 },
  );
});
