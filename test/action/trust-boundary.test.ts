import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/**
 * Every file (and package) reachable by runtime imports from `entry`, relative to the repository root.
 * `import type` is left out: it is erased before anything runs.
 */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith(".ts")) return;
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)";/gms)) {
      const spec = match[1] ?? "";
      if (!spec.startsWith(".")) {
        seen.add(`package:${spec}`);
        continue;
      }
      visit(path.relative(".", path.resolve(path.dirname(file), spec)).replace(/\.js$/, ".ts"));
    }
  };
  visit(entry);
  return seen;
}

// DESIGN §8 and docs/security.md: the code next to the model and the code holding the App's token live
// in different files with different imports, so neither can call the other by accident.
describe("the trust boundary in the layout", () => {
  test("the publish job's code reaches no model, tool, shell or sandbox code, and no Anthropic client", () => {
    const files = [...reachable("action/src/publish/run-publish.ts")];
    const forbidden = files.filter(
      (f) =>
        /^action\/src\/(work\/|tools\/|sandbox\/|run-agent|run-attempt|run-harness|shell|prompt|scrub-env)/.test(f) ||
        /^action\/src\/review\/(run-|submit-review|review-prompt)/.test(f) ||
        f.startsWith("package:@anthropic-ai/"),
    );
    expect(forbidden).toEqual([]);
    expect(files).toContain("action/src/publish/check-work.ts");
    expect(files).toContain("action/src/review/publish-review.ts");
  });

  test("the verify-report job's code, which holds the App token, reaches no model, tool, shell or sandbox code", () => {
    const files = [...reachable("action/src/publish/run-verify-report.ts")];
    const forbidden = files.filter(
      (f) =>
        /^action\/src\/(work\/|verify\/|tools\/|sandbox\/|run-agent|run-attempt|run-harness|shell|prompt|scrub-env)/.test(
          f,
        ) || f.startsWith("package:@anthropic-ai/"),
    );
    expect(forbidden).toEqual([]);
    expect(files).toContain("action/src/publish/render-reverify.ts");
  });

  test("the verify job's code, which runs the model's commands, reaches nothing of publish and no model", () => {
    const files = [...reachable("action/src/verify/run-verify.ts")];
    expect(files.filter((f) => f.startsWith("action/src/publish/") || f.startsWith("package:@anthropic-ai/"))).toEqual(
      [],
    );
    expect(files.filter((f) => /run-agent|tools\//.test(f))).toEqual([]);
    expect(files).toContain("action/src/run-harness.ts");
  });

  test("the work job's code reaches nothing of the publish job", () => {
    const files = [...reachable("action/src/work/run-work.ts")];
    expect(files.filter((f) => f.startsWith("action/src/publish/"))).toEqual([]);
    expect(files).toContain("action/src/run-agent.ts");
  });
});
