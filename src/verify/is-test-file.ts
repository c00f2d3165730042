// Directory names that hold tests in the ecosystems Conductor meets most (JS/TS, Python, Go, Rust, Ruby,
// Java/Kotlin, .NET); and file names that are tests wherever they stand.
const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|spec|specs|testing|e2e|src\/test)\//i;
const TEST_NAME = [
  /\.(?:test|spec|e2e)\.[cm]?[jt]sx?$/i, // a.test.ts, a.spec.jsx, a.e2e.mjs
  /(?:^|\/)test_[^/]*\.py$/, // test_parse.py
  /_test\.(?:py|go|exs?|dart|cc|cpp|c)$/, // parse_test.go, parse_test.py
  /_spec\.rb$/, // parse_spec.rb
  /(?:^|\/)[^/]*(?:Test|Tests|Spec|IT)\.(?:java|kt|scala|cs|swift|php)$/, // ParseTest.java, ParseTests.cs
];

/**
 * Whether a path is a test file by the conventions of common test runners. Used by the rules about
 * deleted and skipped tests; a false negative only means a weaker check, never a false failure.
 */
export function isTestFile(path: string): boolean {
  return TEST_DIR.test(path) || TEST_NAME.some((pattern) => pattern.test(path));
}
