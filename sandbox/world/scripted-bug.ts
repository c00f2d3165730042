/**
 * How `conductor simulate --fail MODULE@ATTEMPT[:KIND]` makes an attempt go wrong in any language
 * (docs/simulate.md#failure-kinds). The scripted model writes the module's solution files; for a failing
 * attempt it changes what it writes so that the module's own test command fails, as a real model's first
 * try sometimes does.
 */

/**
 * The kinds a scripted failure can be; `crash` never reaches the model (the run ends with no result); `review`
 * is played by the reviewer of that attempt, not by its author.
 */
export const FAILURE_KINDS = ["tests", "missing", "crash", "false-claim", "review"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** What each kind does, for `conductor simulate --help` and the docs. */
export const FAILURE_KIND_HELP: Record<FailureKind, string> = {
  tests:
    "(default) the module's code gets a bug in its own language so its tests fail: a throw (JavaScript/TypeScript), a raise (Python, Ruby), exit 1 (shell), a panic (Go), a compile error (Rust, C, C++); any other file (Markdown, JSON, text, …) loses its content",
  missing: "the attempt writes the module's tests but none of its code, so the tests fail for want of it",
  crash: "the executor run ends with no result (a lost runner): an infrastructure failure, retried",
  "false-claim":
    "the code gets the `tests` bug, but the result claims every command exited 0; with gates.reverify: required the re-verification catches it",
  review:
    "the attempt's work is right, but the AI reviewer (gates.ai_review, docs/ai-review.md) requests changes on it, with a line comment; the next attempt passes the review",
};

/**
 * A test file in the conventions of the common test runners: anything under `test/`, `tests/`, `spec/`
 * or `__tests__/`; `*.test.*` / `*.spec.*` (Jest, Vitest, node:test); `test_*.py` / `*_test.py`
 * (pytest); `*_test.go`; `*_spec.rb`; `*Test.java` / `*Test.kt`.
 */
export function isTestFile(path: string): boolean {
  return (
    /(^|\/)(tests?|spec|__tests__)\//.test(path) ||
    /\.(test|spec)\.[a-z]+$/.test(path) ||
    /(^|\/)test_[^/]*\.py$/.test(path) ||
    /_test\.(py|go)$/.test(path) ||
    /_spec\.rb$/.test(path) ||
    /Tests?\.(java|kt)$/.test(path)
  );
}

/** A statement appended to a file of this extension that fails when the file is loaded or built. */
const APPENDED: Record<string, (why: string) => string> = {
  js: (why) => `throw new Error(${JSON.stringify(why)});`,
  py: (why) => `raise RuntimeError(${JSON.stringify(why)})`,
  rb: (why) => `raise ${JSON.stringify(why)}`,
  sh: (why) => `echo ${JSON.stringify(why)} >&2; exit 1`,
  go: (why) => `func init() { panic(${JSON.stringify(why)}) }`,
  rs: (why) => `compile_error!(${JSON.stringify(why)});`,
  c: (why) => `#error ${JSON.stringify(why)}`,
};
const FAMILY: Record<string, keyof typeof APPENDED> = {
  js: "js",
  mjs: "js",
  cjs: "js",
  jsx: "js",
  ts: "js",
  mts: "js",
  cts: "js",
  tsx: "js",
  py: "py",
  rb: "rb",
  sh: "sh",
  bash: "sh",
  go: "go",
  rs: "rs",
  c: "c",
  h: "c",
  cc: "c",
  cpp: "c",
  hpp: "c",
};

/** `text` with the bug of kind `tests` for `path`'s language (the whole content replaced when it has none). */
export function withBug(path: string, text: string, why: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  const family = FAMILY[extension];
  const statement = family ? APPENDED[family] : undefined;
  // A shell script may `exit 0` before its end: the bug goes right after the shebang line.
  if (family === "sh" && statement) {
    const [first = "", ...rest] = text.split("\n");
    return first.startsWith("#!") ? [first, statement(why), ...rest].join("\n") : `${statement(why)}\n${text}`;
  }
  if (statement) return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${statement(why)}\n`;
  // Markdown, data, text: nothing to execute, so the bug is content that is not there.
  return `${why}\n`;
}
