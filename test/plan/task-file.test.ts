import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { planFromBody, planFromTaskFile } from "../../src/plan/read-plan.js";
import { incomingFile } from "../../src/plan/task-file/incoming-file.js";
import { parseTaskFile } from "../../src/plan/task-file/parse-task-file.js";
import { FixResult } from "../../src/plan/task-file/task-file.js";
import { incomingPath, outgoingSequence } from "../../src/plan/task-file/task-file-path.js";
import { ItemResult } from "../../src/protocol/result.js";

const EXAMPLE = readFileSync("examples/task-file.json", "utf8");

function file(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    review_id: "R-7",
    component: "auth",
    date: "2026-12-01",
    assigned_to: "executor",
    instructions: "Keep the session format.",
    fixes: [
      {
        id: "A-12",
        severity: "critical",
        file: "auth/session.py",
        line: 45,
        issue: "no expiry",
        fix: "add one",
        verification: "pytest -k expiry",
      },
      { id: "B-3", severity: "minor", file: "auth/login.py", line: 9, issue: "typo", fix: "fix it", verification: "" },
    ],
    ...overrides,
  });
}

describe("a task file becomes a plan", () => {
  test("one module per component; ids, severities, files and lines kept; instructions are the module's text", () => {
    const read = planFromTaskFile(file(), "component", null);
    if (read.kind !== "plan") throw new Error(JSON.stringify(read));
    const [phase] = read.plan.phases;
    expect(phase?.name).toBe("Review R-7");
    expect(phase?.modules).toHaveLength(1);
    expect(phase?.modules[0]).toMatchObject({ name: "auth", slug: "auth", instructions: "Keep the session format." });
    expect(phase?.modules[0]?.fixes).toEqual([
      {
        id: "A-12",
        severity: "critical",
        file: "auth/session.py",
        line: 45,
        issue: "no expiry",
        fix: "add one",
        verification: "pytest -k expiry",
      },
      { id: "B-3", severity: "minor", file: "auth/login.py", line: 9, issue: "typo", fix: "fix it", verification: "" },
    ]);
    expect(read.plan.source).toMatchObject({ kind: "task_file", review_id: "R-7", component: "auth", path: null });
  });

  test("a fix's own component makes a module of its own; `file` grouping makes one module per file", () => {
    const text = file({
      fixes: [
        { id: "1", severity: "major", file: "auth/a.py", issue: "x" },
        { id: "2", severity: "major", file: "web/b.ts", issue: "y", component: "web" },
        { id: "3", severity: "major", file: "auth/a.py", issue: "z" },
      ],
    });
    const byComponent = planFromTaskFile(text, "component", null);
    const byFile = planFromTaskFile(text, "file", null);
    if (byComponent.kind !== "plan" || byFile.kind !== "plan") throw new Error("no plan");
    const names = (p: typeof byFile.plan) =>
      p.phases[0]?.modules.map((m) => [m.name, m.slug, m.fixes.map((f) => f.id)]);
    expect(names(byComponent.plan)).toEqual([
      ["auth", "auth", ["1", "3"]],
      ["web", "web", ["2"]],
    ]);
    expect(names(byFile.plan)).toEqual([
      ["auth/a.py", "auth-a-py", ["1", "3"]],
      ["web/b.ts", "web-b-ts", ["2"]],
    ]);
  });

  test("the example task file plans", () => {
    expect(planFromTaskFile(EXAMPLE, "component", null).kind).toBe("plan");
  });

  test("a fenced ```json block in an issue body is a plan; other JSON in an issue is left to the planner", () => {
    const body = `Please fix these.\n\n\`\`\`json\n${file()}\n\`\`\`\n`;
    const read = planFromBody(body, "component");
    expect(read.kind === "plan" && read.plan.source?.review_id).toBe("R-7");
    expect(planFromBody('Our config:\n\n```json\n{"retries": 3}\n```\n', "component")).toEqual({ kind: "none" });
  });

  test("the marker of a pushed task file gives the plan its path and the review it follows", () => {
    const marker = `<!-- conductor:task-file ${JSON.stringify({ path: "orchestrator/outgoing/002_auth_fixes.json", blob: "a".repeat(40), follows: "R-6" })} -->`;
    const read = planFromBody(`\`\`\`json\n${file()}\n\`\`\`\n${marker}\n`, "component");
    expect(read.kind === "plan" && read.plan.source).toMatchObject({
      path: "orchestrator/outgoing/002_auth_fixes.json",
      follows: "R-6",
    });
  });
});

describe("a bad task file gets errors naming the JSON path", () => {
  test("every schema problem at once, each with its path", () => {
    const text = JSON.stringify({
      component: "auth",
      fixes: [
        { id: "1", severity: "high", issue: "x" },
        { id: "2", severity: "minor", line: 0, issue: "" },
      ],
    });
    const read = parseTaskFile(text);
    expect(read.ok ? [] : read.errors).toEqual([
      "$.review_id: is required (string)",
      '$.fixes[0].severity: expected one of "critical", "major", "minor"',
      "$.fixes[1].line: must be more than 0",
      "$.fixes[1].issue: must not be empty",
    ]);
  });

  test("duplicate fix ids name both places; an empty fixes list is refused", () => {
    const dup = parseTaskFile(
      file({
        fixes: [
          { id: "X", severity: "minor", issue: "a" },
          { id: "X", severity: "major", issue: "b" },
        ],
      }),
    );
    expect(dup.ok ? [] : dup.errors).toEqual(['$.fixes[1].id: "X" is already the id of $.fixes[0]']);
    const empty = parseTaskFile(file({ fixes: [] }));
    expect(empty.ok ? [] : empty.errors).toEqual(["$.fixes: needs at least one entry"]);
  });

  test("a JSON syntax error names its line and column", () => {
    const read = parseTaskFile('{\n  "review_id": "R",\n  "fixes": [\n    {"id": "1",}\n  ]\n}');
    expect(read.ok ? [] : read.errors).toEqual([
      'line 4, column 16: the task file is not valid JSON: a trailing comma before "}"',
    ]);
    const unclosed = parseTaskFile('{"review_id": "R", "fixes": [');
    expect(unclosed.ok ? [] : unclosed.errors).toEqual([
      "line 1, column 30: the task file is not valid JSON: the text ends where a value should be",
    ]);
  });

  test("in an issue body the error also names the block's line", () => {
    const read = planFromBody(
      'Hi\n\n```json\n{"review_id": "R", "component": "c", "fixes": [{"id": "1"}]}\n```',
      "component",
    );
    expect(read).toEqual({
      kind: "errors",
      errors: [
        'task file (the ```json block on line 3): $.fixes[0].severity: is required: one of "critical", "major", "minor"',
        "task file (the ```json block on line 3): $.fixes[0].issue: is required (string)",
      ],
    });
  });
});

describe("the incoming file", () => {
  const item = (id: string, status: ItemResult["status"]): ItemResult =>
    ItemResult.parse({
      id,
      status,
      changes_made: [{ file: "auth/session.py", change: "expiry added" }],
      problems_encountered: ["the clock is mocked"],
      solution: "set max_age",
      verification_command: "pytest -k expiry",
      hallucination_check: "grep -n max_age auth/session.py",
      harness: { verification: null, hallucination_check: null },
    });

  test("is the same file with a result node per fix, in exactly the protocol's shape", () => {
    const text = file({ extra: { kept: true } });
    const out = JSON.parse(incomingFile(text, new Map([["A-12", item("A-12", "FIXED")]])));
    const original = JSON.parse(text);
    expect({ ...out, fixes: out.fixes.map(({ result: _r, ...fix }: Record<string, unknown>) => fix) }).toEqual(
      original,
    );
    expect(out.fixes[0].result).toEqual({
      status: "FIXED",
      changes_made: ["auth/session.py: expiry added"],
      problems_encountered: ["the clock is mocked"],
      solution: "set max_age",
      verification_command: "pytest -k expiry",
      hallucination_check: "grep -n max_age auth/session.py",
    });
    expect(Object.keys(out.fixes[0].result)).toEqual(Object.keys(FixResult.shape));
    expect(out.fixes[1].result).toMatchObject({
      status: "FAILED",
      problems_encountered: ["no executor result reported on this fix"],
    });
  });

  test("goes next to the outgoing file's name, or is named after the issue when pasted", () => {
    const source = { kind: "task_file" as const, review_id: "R", component: "Auth API", follows: null, text: "{}" };
    expect(incomingPath({ ...source, path: "orchestrator/outgoing/002_auth_fixes.json" }, 9, "auth")).toBe(
      "orchestrator/incoming/002_auth_fixes.json",
    );
    expect(incomingPath({ ...source, path: null }, 9, "Auth API")).toBe(
      "orchestrator/incoming/009_auth-api_result.json",
    );
    expect(outgoingSequence("orchestrator/outgoing/002_auth_fixes.json")).toBe(2);
    expect(outgoingSequence("orchestrator/outgoing/sub/002_x.json")).toBeNull();
    expect(outgoingSequence("orchestrator/outgoing/notes.json")).toBeNull();
  });

  test("a result written when problems_encountered was one string still reads", () => {
    const old = item("A", "FIXED");
    expect(ItemResult.parse({ ...old, problems_encountered: "one problem" }).problems_encountered).toEqual([
      "one problem",
    ]);
    expect(ItemResult.parse({ ...old, problems_encountered: "" }).problems_encountered).toEqual([]);
  });
});
