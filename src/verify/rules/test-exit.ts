import { isTestFile } from "../is-test-file.js";
import { freshLineRule } from "./fresh-line-rule.js";

/**
 * Added lines in a test file that end the process with success (`process.exit(0)`, `os._exit(0)`,
 * `sys.exit(0)`, `os.Exit(0)`): the runner stops before the tests after it, and reports green.
 */
export const testExit = freshLineRule(
  "test_exit",
  (file) => isTestFile(file.path),
  [
    { label: "process.exit(0)", pattern: /\bprocess\.(?:exit|reallyExit)\s*\(\s*(?:0\s*)?\)/ },
    { label: "os._exit(0)", pattern: /\bos\._exit\s*\(\s*0\s*\)/ },
    { label: "sys.exit(0)", pattern: /\b(?:sys\.exit|exit|quit)\s*\(\s*(?:0|None)?\s*\)/ },
    { label: "os.Exit(0)", pattern: /\bos\.Exit\s*\(\s*0\s*\)/ },
  ],
  (label, text) => `Added line exits the test run with success (${label}): ${text}`,
);
