import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRedactor } from "../../action/src/redact.js";
import { createTools } from "../../action/src/tools/create-tools.js";
import type { FinishReport } from "../../action/src/tools/finish-tool.js";
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
    commandEnv: { PATH: process.env.PATH ?? "" },
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
      text: "edited src/a.ts at line 1",
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
    expect(text).toMatch(/\[… 49,\d{3} of 50,\d{3} characters cut …\]$/);
  });

  test("read_file reads a range of lines", async () => {
    expect((await call("read_file", { path: "src/a.ts", offset: 2, limit: 1 })).text).toBe(
      "src/a.ts (lines 2–2 of 4):\nconst y = 1;",
    );
  });

  test("are redacted", async () => {
    writeFileSync(path.join(root, "src", "leak.txt"), "token=super-secret-value\n");
    expect((await call("read_file", { path: "src/leak.txt" })).text).toBe("src/leak.txt:\ntoken=***\n");
  });

  test("run_command reports its exit code and times out", async () => {
    expect((await call("run_command", { command: "echo out; echo err >&2; exit 3" })).text).toBe(
      "exit code 3\nout\nerr\n",
    );
    const slow = await call("run_command", { command: "sleep 5", timeout_seconds: 1 });
    expect(slow.text).toMatch(/^timed out after 1 s/);
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
