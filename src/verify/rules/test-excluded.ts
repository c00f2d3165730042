import { freshLineRule } from "./fresh-line-rule.js";

/** Runner configuration files: vitest/vite, jest, pytest (and the files it reads options from), Go tests. */
const CONFIG = [
  /(?:^|\/)(?:vitest|vite|jest)\.config\.[cm]?[jt]s$/,
  /(?:^|\/)vitest\.workspace\.[cm]?[jt]s$/,
  /(?:^|\/)jest\.config\.json$/,
  /(?:^|\/)package\.json$/,
  /(?:^|\/)(?:pytest\.ini|setup\.cfg|tox\.ini|pyproject\.toml|conftest\.py)$/,
  /_test\.go$/,
];

/**
 * Added configuration that keeps test files from running: `exclude` / `testPathIgnorePatterns` for vitest
 * and jest, `--ignore` / `--deselect` / `norecursedirs` / `collect_ignore` for pytest, and a build
 * constraint that leaves a Go test file out of `go test`. The change hides failing tests instead of
 * fixing them.
 */
export const testExcluded = freshLineRule(
  "test_excluded",
  (file) => CONFIG.some((pattern) => pattern.test(file.path)),
  [
    { label: "exclude", pattern: /\bexclude\s*[:=]/ },
    {
      label: "jest ignore patterns",
      pattern: /\b(?:testPathIgnorePatterns|modulePathIgnorePatterns|testIgnore|watchPathIgnorePatterns)\b/,
    },
    { label: "pytest --ignore / --deselect", pattern: /--(?:ignore|ignore-glob|deselect)\b/ },
    { label: "norecursedirs / collect_ignore", pattern: /\b(?:norecursedirs|collect_ignore(?:_glob)?)\b/ },
    { label: "Go build constraint", pattern: /^\s*\/\/\s*(?:go:build|\+build)\s/ },
  ],
  (label, text) => `Added configuration keeps tests from running (${label}): ${text}`,
);
