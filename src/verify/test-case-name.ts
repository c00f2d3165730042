// Declarations whose name is on the line: `it("…")`, `test.each(…)("…")`, `def test_x`, `func TestX`,
// RSpec's `it "…" do`. The name is what tells a renamed test from a deleted one.
const NAMED: readonly RegExp[] = [
  /^\s*(?:it|test|describe|context|specify|suite|bench)(?:\.(?:only|concurrent|sequential|each\([^)]*\)))*\s*\(\s*(['"`])(.+?)\1/,
  /^\s*(?:async\s+)?def\s+(test\w*)\s*\(/,
  /^\s*func\s+((?:Test|Benchmark|Fuzz|Example)\w*)\s*\(/,
  /^\s*(?:it|specify|scenario|describe|context)\s+(['"])(.+?)\1/,
];

// Declarations by attribute, where the name is on another line: count them instead.
const ATTRIBUTES: readonly RegExp[] = [
  /^\s*#\[(?:[\w:]+::)?test\b/, // Rust #[test], #[tokio::test]
  /^\s*@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\b/, // JUnit
  /^\s*\[(?:Fact|Theory|Test|TestMethod|TestCase)\b/, // xUnit, NUnit, MSTest
];

/**
 * The identity of the test case a line declares (`name:<name>` or `attr:<attribute>`), or null when the
 * line declares none. Two lines declaring the same test give the same key.
 */
export function testCaseName(line: string): string | null {
  for (const pattern of NAMED) {
    const match = pattern.exec(line);
    if (match) return `name:${match[match.length - 1]}`;
  }
  const attribute = ATTRIBUTES.find((pattern) => pattern.test(line));
  return attribute ? `attr:${line.trim().split(/[\s(]/)[0]}` : null;
}
