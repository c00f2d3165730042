import { BRIEF_VERSION, type Brief } from "../../src/protocol/brief.js";
import { type ItemResult, RESULT_VERSION, type Result } from "../../src/protocol/result.js";
import type { PrFile } from "../../src/verify/pr-file.js";
import type { VerifyInput } from "../../src/verify/verify.js";

/** A brief for module `db` of task 7; override what a case is about. */
export function brief(over: Partial<Brief> = {}): Brief {
  return {
    version: BRIEF_VERSION,
    task: 7,
    phase: 1,
    module: "db",
    attempt: 1,
    nonce: "nonce-123",
    mode: "implement",
    instructions: "Add the users table",
    success_criteria: [],
    gotchas: [],
    test_command: null,
    paths: [],
    protected_paths: [".github/workflows/**", ".github/conductor.yml"],
    items: [{ id: "work", severity: "major", issue: "users table", fix: "add it", verification: "" }],
    feedback: [],
    budget: { turns: 10, tokens: 100_000, usd: 5, minutes: 30 },
    model: "claude-sonnet-4-6",
    ...over,
  };
}

/** An item result that claims nothing and ran nothing. */
export function item(over: Partial<ItemResult> = {}): ItemResult {
  return {
    id: "work",
    status: "NO_CHANGE_NEEDED",
    changes_made: [],
    problems_encountered: [],
    solution: "",
    verification_command: "",
    hallucination_check: "",
    harness: { verification: null, hallucination_check: null },
    ...over,
  };
}

/** A `done` result with the given items (one quiet item by default). */
export function result(over: Partial<Result> = {}): Result {
  return {
    version: RESULT_VERSION,
    task: 7,
    module: "db",
    attempt: 1,
    nonce: "nonce-123",
    head_sha: "a".repeat(40),
    status: "done",
    items: [item()],
    test: null,
    usage: { input_tokens: 1, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.01 },
    turns: 3,
    duration_ms: 1000,
    stop_reason: "finished",
    ...over,
  };
}

/** A PR file as GET /pulls/{n}/files lists it; counts are taken from the patch. */
export function file(filename: string, patch: string | undefined, over: Partial<PrFile> = {}): PrFile {
  const lines = patch?.split("\n") ?? [];
  const additions = lines.filter((l) => l.startsWith("+")).length;
  const deletions = lines.filter((l) => l.startsWith("-")).length;
  return {
    filename,
    status: "modified",
    additions,
    deletions,
    changes: additions + deletions,
    ...(patch === undefined ? {} : { patch }),
    ...over,
  };
}

/** A patch that adds `lines` to a new file. */
export function newFile(lines: readonly string[]): string {
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}

/** A patch that inserts `lines` after line `after` of an existing file, with one line of context each side. */
export function insertion(after: number, lines: readonly string[]): string {
  const n = lines.length;
  return [
    `@@ -${after},2 +${after},${n + 2} @@ function context() {`,
    " const before = 1;",
    ...lines.map((l) => `+${l}`),
    " const after = 2;",
  ].join("\n");
}

export function input(over: Partial<VerifyInput> = {}): VerifyInput {
  return { files: [], result: result(), brief: brief(), ...over };
}
