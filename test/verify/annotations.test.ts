import { describe, expect, test } from "vitest";
import type { VerifyFinding } from "../../src/protocol/feedback.js";
import { ANNOTATIONS_PER_REQUEST, MAX_ANNOTATIONS, verifyCheckRunOutput } from "../../src/verify/annotations.js";

const placeholder = (line: number): VerifyFinding => ({
  rule: "placeholder",
  critical: false,
  path: "src/a.ts",
  line,
  message: `Added line carries a TODO marker: // TODO ${line}`,
});

describe("verifyCheckRunOutput", () => {
  test("no findings: success, one output, nothing to annotate", () => {
    expect(verifyCheckRunOutput([])).toEqual({
      conclusion: "success",
      outputs: [
        { title: "No problems found", summary: "The diff and the result agree with the brief.", annotations: [] },
      ],
    });
  });

  test("findings: failure; annotations only for findings with a line, all at failure level", () => {
    const findings: VerifyFinding[] = [
      {
        rule: "secret",
        critical: true,
        path: "src/k.ts",
        line: 4,
        message: "Added line looks like a GitHub token (ghp_… (40 characters)).",
      },
      {
        rule: "test_removed",
        critical: false,
        path: "test/a.test.ts",
        message: "Test file test/a.test.ts was deleted.",
      },
      { rule: "harness_failed", critical: false, message: "Test command `npm test` exited with 1.\n\n```\nFAIL\n```" },
    ];
    const { conclusion, outputs } = verifyCheckRunOutput(findings, [{ path: "logo.png", reason: "binary" }]);
    expect(conclusion).toBe("failure");
    expect(outputs).toHaveLength(1);
    expect(outputs[0]?.title).toBe("3 problems (1 critical)");
    expect(outputs[0]?.annotations).toEqual([
      {
        path: "src/k.ts",
        start_line: 4,
        end_line: 4,
        annotation_level: "failure",
        title: "Possible secret",
        message: "Added line looks like a GitHub token (ghp_… (40 characters)).",
      },
    ]);
    expect(outputs[0]?.summary).toBe(
      [
        "**Critical:** the task is escalated; a human must look at this before anything else runs.",
        "",
        "- **Possible secret** `src/k.ts:4` — Added line looks like a GitHub token (ghp_… (40 characters)).",
        "- **Tests deleted** `test/a.test.ts` — Test file test/a.test.ts was deleted.",
        "- **Harness run failed** — Test command `npm test` exited with 1.",
        "",
        "  ```",
        "  FAIL",
        "  ```",
        "",
        "Not inspected for placeholders, skipped tests or secrets (GitHub sent no patch):",
        "- `logo.png` (binary)",
      ].join("\n"),
    );
  });

  test("annotations go out 50 per request, every request carrying title and summary, capped in total", () => {
    const many = Array.from({ length: 120 }, (_, i) => placeholder(i + 1));
    const { outputs } = verifyCheckRunOutput(many);
    expect(outputs.map((o) => o.annotations.length)).toEqual([50, 50, 20]);
    expect(outputs.map((o) => o.annotations[0]?.start_line)).toEqual([1, 51, 101]);
    expect(new Set(outputs.map((o) => `${o.title}|${o.summary}`)).size).toBe(1);
    expect(outputs[0]?.title).toBe("120 problems");

    const tooMany = verifyCheckRunOutput(Array.from({ length: 400 }, (_, i) => placeholder(i + 1))).outputs;
    expect(tooMany).toHaveLength(MAX_ANNOTATIONS / ANNOTATIONS_PER_REQUEST);
    expect(tooMany.flatMap((o) => o.annotations)).toHaveLength(MAX_ANNOTATIONS);
    // The summary still lists every finding.
    expect(tooMany[0]?.summary).toContain("// TODO 400");
  });

  test("a summary over GitHub's limit is cut, saying so", () => {
    const long = Array.from({ length: 2000 }, (_, i) => ({ ...placeholder(i + 1), message: "x".repeat(100) }));
    const summary = verifyCheckRunOutput(long).outputs[0]?.summary ?? "";
    expect(summary.length).toBeLessThan(65_535);
    expect(summary).toMatch(/… \(cut: \d+ more characters\)$/);
  });
});
