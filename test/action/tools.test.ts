import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRedactor } from "../../action/src/redact.js";
import { runShell } from "../../action/src/shell.js";
import { createTools } from "../../action/src/tools/create-tools.js";
import type { FinishReport } from "../../action/src/tools/finish-report.js";
import { createPathPolicy } from "../../action/src/tools/path-policy.js";

let root: string;
let finished: FinishReport[];
let tools: CallableTool[];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "conductor-tools-")));
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "src", "a.ts"), "const x = 1;\nconst y = 1;\nexport { x, y };\n");
  writeFileSync(path.join(root, "src", "big.txt"), "z".repeat(50_000));
  finished = [];
  tools = createTools({
    workspace: root,
    policy: createPathPolicy(root, ["src/**"], ["src/protected/**"]),
    runCommand: (command, options) =>
      runShell(command, { cwd: root, env: { PATH: process.env.PATH ?? "" }, ...options }),
    redact: createRedactor(["super-secret-value"]),
    maxOutput: 1000,
    remainingMs: () => 60_000,
    logger: silent,
    itemIds: ["work", "fix-1"],
    onFinish: (report) => finished.push(report),
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The part of a runnable tool a test calls; method syntax lets every tool of the list fit it. */
interface CallableTool {
  name: string;
  parse(input: unknown): unknown;
  run(input: unknown): unknown;
}

/** Calls a tool the way the SDK's runner does: parse the input with its schema, then run it. */
async function call(name: string, input: unknown): Promise<{ ok: boolean; text: string }> {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  try {
    const output = await tool.run(tool.parse(input));
    return { ok: true, text: typeof output === "string" ? output : JSON.stringify(output) };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}

describe("edit_file", () => {
  test("replaces exactly one occurrence", async () => {
    expect(
      await call("edit_file", { path: "src/a.ts", old_string: "const x = 1;", new_string: "const x = 2;" }),
    ).toEqual({
      ok: true,
      text: "edited src/a.ts at line 1:\n1\tconst x = 2;\n2\tconst y = 1;\n3\texport { x, y };",
    });
    expect(readFileSync(path.join(root, "src/a.ts"), "utf8")).toBe("const x = 2;\nconst y = 1;\nexport { x, y };\n");
  });

  test("calls of one reply run one at a time, in order, so edits of one file do not race", async () => {
    // The SDK starts every tool call of a reply at once (Promise.all); both edits must land.
    const [first, second] = await Promise.all([
      call("edit_file", { path: "src/a.ts", old_string: "const x = 1;", new_string: "const x = 2;" }),
      call("edit_file", { path: "src/a.ts", old_string: "const y = 1;", new_string: "const y = 2;" }),
    ]);
    expect([first?.ok, second?.ok]).toEqual([true, true]);
    expect(readFileSync(path.join(root, "src/a.ts"), "utf8")).toBe("const x = 2;\nconst y = 2;\nexport { x, y };\n");
  });

  test("fails on zero matches and on several, changing nothing", async () => {
    const none = await call("edit_file", { path: "src/a.ts", old_string: "const z", new_string: "q" });
    expect(none).toMatchObject({ ok: false, text: expect.stringContaining("old_string was not found in src/a.ts") });
    const many = await call("edit_file", { path: "src/a.ts", old_string: " = 1;", new_string: " = 3;" });
    expect(many).toMatchObject({ ok: false, text: expect.stringContaining("occurs 2 times in src/a.ts") });
    expect(readFileSync(path.join(root, "src/a.ts"), "utf8")).toContain("const x = 1;\nconst y = 1;");
  });
});

describe("outputs", () => {
  test("are capped with a note of how much was cut", async () => {
    const { text } = await call("read_file", { path: "src/big.txt" });
    expect(text.length).toBeLessThan(1100);
    expect(text).toMatch(/\[… [\d,]+ of [\d,]+ characters cut …\]$/);
  });

  test("read_file numbers lines, reads a range, and says where to read on", async () => {
    expect((await call("read_file", { path: "src/a.ts", offset: 2, limit: 1 })).text).toBe(
      "src/a.ts (lines 2–2 of 3):\n2\tconst y = 1;\n[… 1 more lines; read on with offset 3]",
    );
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join("\n");
    writeFileSync(path.join(root, "src", "long.txt"), `${long}\n`);
    const { text } = await call("read_file", { path: "src/long.txt" });
    // The cap (1000 characters here) ends the output at a whole line, with the offset to go on from.
    const last = Number(/\n(\d+)\tline \d+\n\[… \d+ more lines; read on with offset (\d+)\]$/.exec(text)?.[1]);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/^src\/long\.txt \(lines 1–\d+ of 3000\):\n 1\tline 1\n/);
    expect(text).toContain(`read on with offset ${last + 1}]`);
    const next = await call("read_file", { path: "src/long.txt", offset: last + 1, limit: 2 });
    expect(next.text).toContain(`${last + 1}\tline ${last + 1}\n`);
  });

  test("are redacted", async () => {
    writeFileSync(path.join(root, "src", "leak.txt"), "token=super-secret-value\n");
    expect((await call("read_file", { path: "src/leak.txt" })).text).toBe("src/leak.txt (1 lines):\n1\ttoken=***");
  });

  test("run_command reports its exit code and times out", async () => {
    expect((await call("run_command", { command: "echo out; echo err >&2; exit 3" })).text).toBe(
      "exit code 3\nout\nerr\n",
    );
    const slow = await call("run_command", { command: "sleep 5", timeout_seconds: 1 });
    expect(slow.text).toMatch(/^timed out after 1 s/);
  });

  test("run_command output has no ANSI codes, and a progress line keeps its last state", async () => {
    const colored = await call("run_command", {
      command: "printf '\\033[31mFAIL\\033[0m a.test\\n10%%\\r50%%\\r100%%\\n'",
    });
    expect(colored.text).toBe("exit code 0\nFAIL a.test\n100%\n");
  });
});

describe("search and list_files", () => {
  test("search prints path:line:text, like ripgrep", async () => {
    expect((await call("search", { pattern: "const [xy]" })).text).toBe(
      "src/a.ts:1:const x = 1;\nsrc/a.ts:2:const y = 1;",
    );
    expect((await call("search", { pattern: "(", fixed_strings: true })).text).toMatch(/^no matches/);
    expect((await call("search", { pattern: "(" })).ok).toBe(false);
  });

  test("list_files lists directories with a trailing slash and filters by glob", async () => {
    expect((await call("list_files", {})).text).toBe("src/\nsrc/a.ts\nsrc/big.txt");
    expect((await call("list_files", { pattern: "**/*.ts" })).text).toBe("src/a.ts");
  });

  test("in a git checkout, both see what git sees: tracked and untracked files, not ignored ones", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
    git("init", "-q");
    writeFileSync(path.join(root, ".gitignore"), "dist/\n*.log\n");
    mkdirSync(path.join(root, "dist"));
    writeFileSync(path.join(root, "dist", "bundle.js"), "const x = 1;\n");
    writeFileSync(path.join(root, "src", "debug.log"), "const x = 1;\n");
    git("add", "src/a.ts");
    expect((await call("list_files", {})).text).toBe(".gitignore\nsrc/\nsrc/a.ts\nsrc/big.txt");
    expect((await call("search", { pattern: "const x" })).text).toBe("src/a.ts:1:const x = 1;");
    // A tracked file deleted from the worktree is gone from both.
    rmSync(path.join(root, "src", "a.ts"));
    expect((await call("search", { pattern: "const x" })).text).toMatch(/^no matches/);
  });
});

describe("write_file", () => {
  test("refuses protected paths and a dangling symlink that points outside", async () => {
    expect((await call("write_file", { path: "src/protected/x", content: "" })).text).toContain("is protected");
    symlinkSync(path.join(tmpdir(), "conductor-nowhere", "x"), path.join(root, "src", "dangling"));
    expect((await call("write_file", { path: "src/dangling", content: "x" })).text).toContain(
      "through a symbolic link",
    );
  });

  test("rejects input that does not fit its schema", async () => {
    expect((await call("write_file", { path: "src/x" })).ok).toBe(false);
  });
});

describe("finish", () => {
  const item = (id: string) => ({
    id,
    status: "FIXED",
    changes_made: [],
    problems_encountered: [],
    solution: "",
    verification_command: "true",
    hallucination_check: "true",
  });

  test("is accepted only with every brief item exactly once", async () => {
    const partial = await call("finish", { items: [item("work"), item("work"), item("bogus")] });
    expect(partial.text).toBe(
      'finish not accepted: no report for item "fix-1"; "bogus" is not an item of the brief; item "work" is reported twice. The items are: work, fix-1.',
    );
    expect(finished).toEqual([]);
    expect((await call("finish", { items: [item("work"), item("fix-1")] })).ok).toBe(true);
    expect(finished).toHaveLength(1);
  });
});
