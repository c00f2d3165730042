import type { VerifyFinding } from "../../protocol/feedback.js";
import { excerpt } from "../excerpt.js";
import { isTestFile } from "../is-test-file.js";
import type { VerifyCheck } from "../verify-context.js";

/** Ways to switch a test off, by runner, each with the label a finding shows. */
const SKIPS: readonly { label: string; pattern: RegExp }[] = [
  // vitest, jest, mocha, jasmine, playwright: it.skip(, describe.skip(, test.describe.skip(, it.todo(, test.fixme(
  {
    label: ".skip / .todo",
    pattern: /\b(?:it|test|describe|context|suite|specify|bench)(?:\.\w+)*\.(?:skip|todo|fixme)\b/,
  },
  // The same through a computed member, which `.skip` does not see: it["skip"](, describe['todo'](
  {
    label: "['skip']",
    pattern: /\b(?:it|test|describe|context|suite|specify|bench)(?:\.\w+)*\s*\[\s*["'`](?:skip|todo|fixme)["'`]\s*\]/,
  },
  { label: "xit / xdescribe", pattern: /(?:^|[^\w.])x(?:it|test|describe|context|specify)\b/ },
  { label: "this.skip()", pattern: /\bthis\.skip\s*\(/ },
  { label: "@pytest.mark.skip", pattern: /@pytest\.mark\.(?:skip|skipif|xfail)\b/ },
  { label: "@unittest.skip", pattern: /@unittest\.skip\w*/ },
  { label: "pytest.skip()", pattern: /\bpytest\.skip\s*\(/ },
  { label: "skipTest()", pattern: /\.skipTest\s*\(/ },
  { label: "t.Skip()", pattern: /\b[tb]\.Skip(?:f|Now)?\s*\(/ },
  { label: "#[ignore]", pattern: /#\[ignore\b/ },
  { label: "@Disabled / @Ignore", pattern: /^\s*@(?:Disabled|Ignore)\b/ },
  { label: "Skip =", pattern: /\[(?:Fact|Theory|Test|TestMethod)\s*\(\s*Skip\s*=/ },
  { label: "[Ignore]", pattern: /\[Ignore\b/ },
  { label: "skip / pending", pattern: /^\s*(?:skip|pending)(?:\s+["']|\s*\(|\s*$)/ },
  { label: "markTestSkipped()", pattern: /\bmarkTestSkipped\s*\(/ },
];

/**
 * Added lines (new to their file) that skip a test, in test files and in Rust sources (where unit tests
 * live). A skip that was only moved or re-indented is not new (see `newlyAdded`).
 */
export const testSkipped: VerifyCheck = ({ files }) =>
  files
    .filter((file) => isTestFile(file.path) || file.path.endsWith(".rs"))
    .flatMap((file) =>
      file.fresh.flatMap(({ line, text }): VerifyFinding[] => {
        const skip = SKIPS.find(({ pattern }) => pattern.test(text));
        if (skip === undefined) return [];
        return [
          {
            rule: "test_skipped",
            critical: false,
            path: file.path,
            line,
            message: `Added line skips a test (${skip.label}): ${excerpt(text)}`,
          },
        ];
      }),
    );
