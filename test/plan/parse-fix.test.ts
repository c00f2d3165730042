import { describe, expect, test } from "vitest";
import { parseFix, renderFix } from "../../src/plan/parse-fix.js";
import type { Item } from "../../src/protocol/item.js";

const item = (fields: Partial<Item>): Item => ({
  id: "fix-1",
  severity: "major",
  issue: "",
  fix: "",
  verification: "",
  ...fields,
});

describe("parseFix", () => {
  const cases: Array<[string, Item]> = [
    [
      "[critical] db/schema.sql:12 — no primary key → add one (verify: `grep -n KEY db/schema.sql`)",
      item({
        severity: "critical",
        file: "db/schema.sql",
        line: 12,
        issue: "no primary key",
        fix: "add one",
        verification: "grep -n KEY db/schema.sql",
      }),
    ],
    ["[major] README.md — stale install steps", item({ file: "README.md", issue: "stale install steps" })],
    [
      "[minor] a.ts:7 -- off by one -> use <=",
      item({ severity: "minor", file: "a.ts", line: 7, issue: "off by one", fix: "use <=" }),
    ],
    ["[major] a.ts:7 – en dash → ok", item({ file: "a.ts", line: 7, issue: "en dash", fix: "ok" })],
    ["[Major] flaky test", item({ issue: "flaky test" })],
    ["[major] the cache — which is shared — leaks", item({ issue: "the cache — which is shared — leaks" })],
    ["[major] p->next is null → check it", item({ issue: "p->next is null", fix: "check it" })],
    ["[major] x → a → b", item({ issue: "x", fix: "a → b" })],
    ['[major] bad (verify: `test -f "$(ls x)"`)', item({ issue: "bad", verification: 'test -f "$(ls x)"' })],
    ["[major] bad (verify: (cd x && make))", item({ issue: "bad", verification: "(cd x && make)" })],
    ["[major] C:12 — drive-like name", item({ file: "C", line: 12, issue: "drive-like name" })],
  ];

  test.each(cases)("%s", (text, expected) => {
    expect(parseFix(text, "fix-1")).toStrictEqual({ ok: true, item: expected });
  });

  test.each([
    ["no severity", "a.ts:3 — slow", "it does not start with [critical], [major] or [minor]"],
    ["unknown severity", "[blocker] slow", 'unknown severity "blocker"'],
    ["no issue", "[minor] a.ts:3 —  → fix", "it names no issue"],
    ["empty verify", "[minor] slow (verify: `  `)", "its verify command is empty"],
    ["line 0", "[minor] a.ts:0 — slow", '"a.ts:0" names no line: lines count from 1'],
  ])("%s is refused with a reason", (_name, text, reason) => {
    expect(parseFix(text, "fix-1")).toEqual({ ok: false, reason });
  });

  test("renderFix writes what parseFix reads", () => {
    for (const [text, expected] of cases.slice(0, 3)) {
      const rendered = renderFix(expected);
      expect(parseFix(rendered, "fix-1")).toStrictEqual({ ok: true, item: expected });
      expect(rendered.replace("--", "—").replace("->", "→")).toBe(text.replace("--", "—").replace("->", "→"));
    }
  });
});
