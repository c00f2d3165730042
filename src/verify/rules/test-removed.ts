import type { VerifyFinding } from "../../protocol/feedback.js";
import { isTestFile } from "../is-test-file.js";
import { testCaseName } from "../test-case-name.js";
import { at, type DiffFile, type VerifyCheck } from "../verify-context.js";

/**
 * Tests were deleted: a test file removed (or renamed to a name no runner picks up), or a test file that
 * now declares fewer test cases than before. Renaming a test is not deleting it, so a file is reported only
 * when its count of declarations went down; the finding then names the declarations that did not come
 * back. Rust keeps unit tests in source files, so `.rs` files are read too.
 */
export const testRemoved: VerifyCheck = ({ files }) =>
  files.flatMap((file): VerifyFinding[] => {
    if (file.status === "removed" && isTestFile(file.path)) {
      return [
        { rule: "test_removed", critical: false, path: file.path, message: `Test file ${file.path} was deleted.` },
      ];
    }
    if (file.status === "renamed" && file.previousPath && isTestFile(file.previousPath) && !isTestFile(file.path)) {
      return [
        {
          rule: "test_removed",
          critical: false,
          ...at(file.path, file.firstLine),
          message: `Test file ${file.previousPath} was renamed to ${file.path}, which test runners do not pick up.`,
        },
      ];
    }
    if (!isTestFile(file.path) && !file.path.endsWith(".rs")) return [];
    return casesRemoved(file);
  });

function casesRemoved(file: DiffFile): VerifyFinding[] {
  if (file.lines === null) return [];
  const added = new Map<string, number>();
  let addedCount = 0;
  for (const { text } of file.lines.added) {
    const name = testCaseName(text);
    if (name === null) continue;
    added.set(name, (added.get(name) ?? 0) + 1);
    addedCount++;
  }
  const removed = file.lines.removed.flatMap((line) => {
    const name = testCaseName(line.text);
    return name === null ? [] : [{ name, at: line.at }];
  });
  if (removed.length <= addedCount) return [];
  const gone = removed.filter(({ name }) => {
    const left = added.get(name) ?? 0;
    if (left > 0) added.set(name, left - 1);
    return left === 0;
  });
  const names = gone.map(({ name }) => describe(name));
  const count = removed.length - addedCount;
  return [
    {
      rule: "test_removed",
      critical: false,
      ...at(file.path, gone[0]?.at),
      message: `${file.path} declares ${count} test case${count === 1 ? "" : "s"} fewer than before; removed: ${names.join(", ")}.`,
    },
  ];
}

function describe(name: string): string {
  return name.startsWith("name:") ? `"${name.slice(5)}"` : `a ${name.slice(5)} test`;
}
