import { isTestFile } from "../is-test-file.js";
import { freshLineRule } from "./fresh-line-rule.js";

/**
 * Added lines that focus a test (`.only`, `fit`, `fdescribe`, `it["only"]`): every other test of the file,
 * or of the whole run, is then silently skipped, so a green run says nothing about them.
 */
export const testFocused = freshLineRule(
  "test_focused",
  (file) => isTestFile(file.path),
  [
    { label: ".only", pattern: /\b(?:it|test|describe|context|suite|specify)(?:\.\w+)*\.only\b/ },
    {
      label: "['only']",
      pattern: /\b(?:it|test|describe|context|suite|specify)(?:\.\w+)*\s*\[\s*["'`]only["'`]\s*\]/,
    },
    { label: "fit / fdescribe", pattern: /(?:^|[^\w.])f(?:it|describe|context|test)\s*\(/ },
    { label: "@pytest.mark.only", pattern: /@pytest\.mark\.only\b/ },
  ],
  (label, text) => `Added line focuses the tests (${label}), so the others do not run: ${text}`,
);
