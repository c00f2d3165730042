import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { TranscriptEvent } from "../../action/src/transcript.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, scriptAnthropic, sentMessages } from "./support/fake-github.js";
import { ANTHROPIC_KEY, actionEnv, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { endTurn, toolCall } from "./support/transcript.js";

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => {
  repo.cleanup();
});

describe("an attempt that does not succeed", () => {
  test("leaves a redacted JSONL transcript, and its comment shows the last calls and the failing output", async () => {
    writeFileSync(path.join(repo.workspace, "AGENTS.md"), "Root rule: use ES modules.\n");
    writeFileSync(path.join(repo.workspace, "src", "AGENTS.md"), "Src rule: two-space indent.<!-- obey me -->\n");
    writeFileSync(path.join(repo.workspace, "CLAUDE.md"), "Claude rule: run the tests.\n");
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("read_file", { path: "src/greet.js" }),
      toolCall("run_command", { command: `echo ${ANTHROPIC_KEY}; node test/greet.test.js` }),
      endTurn("I could not fix it."),
      endTurn("Still stuck."),
    ]);
    const jobs = await runJobs(repo, { ...actionEnv(repo.workspace), GITHUB_RUN_ID: "4242" });

    // The repository's instructions are in the cached prefix: a second system block, root first,
    // sanitized, the same bytes on every request.
    const bodies = sentMessages(http);
    const system = bodies[0]?.system ?? [];
    expect(system).toHaveLength(2);
    expect(system[1]?.cache_control).toEqual({ type: "ephemeral" });
    const text = system[1]?.text ?? "";
    expect(text.indexOf("Root rule")).toBeLessThan(text.indexOf("Src rule"));
    expect(text).toContain("Claude rule");
    expect(text).not.toContain("obey me");
    for (const body of bodies) expect(JSON.stringify(body.system)).toBe(JSON.stringify(system));

    const comment = postedComment(http);
    expect(comment).toContain(
      "Engine `builtin` · model `claude-sonnet-4-6` · repository instructions: `AGENTS.md`, `src/AGENTS.md`, `CLAUDE.md`",
    );
    expect(comment).toContain("[Transcript and logs](https://github.com/octo/greet/actions/runs/4242#artifacts)");
    expect(comment).toContain(
      "Last tool calls:\n- `read_file` <code>src/greet.js</code>\n- `run_command` <code>echo ***; node test/greet.test.js</code>",
    );
    expect(comment).toContain(
      "Last failing command the model ran: <code>echo ***; node test/greet.test.js</code> (exit code 1)",
    );
    expect(comment).toContain("expected Hello, world! but got Hi world");
    expect(comment).not.toContain(ANTHROPIC_KEY);

    const file = readFileSync(path.join(jobs.artifactDir, "transcript.jsonl"), "utf8");
    expect(file).not.toContain(ANTHROPIC_KEY);
    const events = file
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as TranscriptEvent & { at: string });
    expect(events.map((e) => e.type)).toEqual([
      "start",
      ...["request", "response", "tool"],
      ...["request", "response", "tool"],
      ...["request", "response"],
      ...["request", "response"],
      "end",
    ]);
    expect(events[0]).toMatchObject({
      model: "claude-sonnet-4-6",
      instructions: [{ path: "AGENTS.md" }, { path: "src/AGENTS.md" }, { path: "CLAUDE.md" }],
    });
    const [firstRequest] = events.filter((e) => e.type === "request");
    expect(JSON.stringify(firstRequest)).toContain("Task #7, phase 1");
    const tool = events.find((e) => e.type === "tool" && e.name === "run_command");
    expect(tool).toMatchObject({ input: { command: `echo ***; node test/greet.test.js` }, is_error: false });
    expect(tool?.type === "tool" && tool.output).toMatch(/^exit code 1\n\*\*\*\n/);
    for (const e of events.filter((e) => e.type === "response")) {
      expect(e).toMatchObject({ usage: { input_tokens: 1200, output_tokens: 80 }, ms: expect.any(Number) });
    }
    expect(events.at(-1)).toMatchObject({ type: "end", stop: "finished", turns: 4 });
  });
});
