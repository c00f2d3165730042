import { describe, expect, test } from "vitest";
import { matchesFilters, patternProblem } from "../../src/workflows/filter-pattern.js";

// The examples of the "Filter pattern cheat sheet" in GitHub's workflow syntax reference.
describe("filter patterns (GitHub's cheat sheet)", () => {
  test.each([
    ["feature/*", "feature/my-branch", true],
    ["feature/*", "feature/your/branch", false],
    ["feature/**", "feature/mona/the/octocat", true],
    ["main", "main", true],
    ["main", "master", false],
    ["*", "main", true],
    ["*", "releases/v1", false],
    ["**", "conductor/7/integration", true],
    ["*feature", "mona-feature", true],
    ["*feature", "feature", true],
    ["v2*", "v2.0.0", true],
    ["v[12].[0-9]+.[0-9]+", "v1.10.1", true],
    ["v[12].[0-9]+.[0-9]+", "v2.0.9", true],
    ["v[12].[0-9]+.[0-9]+", "v3.0.0", false],
    // `?` is "zero or one of the preceding character" (older docs read it as any one character).
    ["Octoc?t", "Octoct", true],
    ["Octoc?t", "Octot", true],
    ["Octoc?t", "Octocat", false],
    ["ab+c", "abbbc", true],
    ["ab+c", "ac", false],
    ["conductor/**", "conductor/7/integration", true],
    ["conductor/*", "conductor/7/integration", false],
    ["releases/**-alpha", "releases/beta/3-alpha", true],
    ["feature\\*", "feature*", true],
    ["feature\\*", "feature-x", false],
  ])("branch pattern %s on %s → %s", (pattern, branch, expected) => {
    expect(matchesFilters([pattern], branch)).toBe(expected);
  });

  test.each([
    ["*", "README.md", true],
    ["*", "src/index.js", false],
    ["*.js", "app.js", true],
    ["*.js", "js/index.js", false],
    ["**.js", "src/js/app.js", true],
    ["docs/*", "docs/README.md", true],
    ["docs/*", "docs/a/b.md", false],
    ["docs/**", "docs/mona/octocat.txt", true],
    ["docs/**/*.md", "docs/a/markdown/file.md", true],
    ["**/docs/**", "dir/docs/my-file.txt", true],
    ["**/docs/**", "docs/hello.md", true],
    ["**/README.md", "README.md", true],
    ["**/README.md", "js/README.md", true],
    ["**/*src/**", "a/src/app.js", true],
    ["**/*-post.md", "my-post.md", true],
    ["**/*-post.md", "path/their-post.md", true],
    ["**/migrate-*.sql", "migrate-10909.sql", true],
    ["**/migrate-*.sql", "db/migrate-v1.0.sql", true],
  ])("path pattern %s on %s → %s", (pattern, path, expected) => {
    expect(matchesFilters([pattern], path)).toBe(expected);
  });

  test("the last matching pattern decides: a later ! excludes, a later positive includes again", () => {
    const patterns = ["releases/**", "!releases/**-alpha", "releases/**-alpha-ok"];
    expect(matchesFilters(patterns, "releases/10")).toBe(true);
    expect(matchesFilters(patterns, "releases/10-alpha")).toBe(false);
    expect(matchesFilters(patterns, "releases/10-alpha-ok")).toBe(true);
    expect(matchesFilters(["!main"], "main")).toBe(false);
    expect(matchesFilters(["!main"], "dev")).toBe(false);
  });

  test("patterns GitHub refuses are named with their problem", () => {
    expect(patternProblem("release/[v")).toMatch(/"release\/\[v" has a "\[" without its "\]"/);
    expect(patternProblem("trailing\\")).toMatch(/lone backslash/);
    expect(patternProblem("conductor/**")).toBeNull();
  });
});
