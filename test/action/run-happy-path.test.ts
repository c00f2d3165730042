import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, scriptAnthropic, sentMessages, toolResults } from "./support/fake-github.js";
import { actionEnv, BOT, PR_NODE_ID, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, type TestRepo } from "./support/test-repo.js";
import { editGreet, finishFixed, toolCall } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone) with sandboxed commands: tens of
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo;
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(() => repo.cleanup());

describe("run(deps), happy path", () => {
  test("edits, the harness's tests pass, the work is pushed, FIXED is posted with a valid marker", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("read_file", { path: "src/greet.js" }),
      editGreet(),
      toolCall("run_command", { command: "node test/greet.test.js" }),
      finishFixed(),
    ]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    expect(recorded.failed).toBeNull();
    // The push reached the bare remote, as the app's bot, naming task, module and attempt.
    const remoteHead = repo.remoteGit("rev-parse", repo.branch);
    expect(remoteHead).not.toBe(repo.headSha);
    expect(repo.remoteGit("show", `${remoteHead}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    expect(repo.remoteGit("log", "-1", "--format=%an <%ae>%n%s", remoteHead)).toBe(
      `${BOT.login} <${BOT.id}+${BOT.login}@users.noreply.github.com>\nconductor #7: greet (attempt 1)`,
    );
    // The comment carries a Result the app can trust the shape of; the harness's runs are in it.
    const read = decodeMarker("result", postedComment(http), Result);
    expect(read.ok).toBe(true);
    const result = read.ok ? read.value : undefined;
    expect(result).toMatchObject({ status: "done", stop_reason: "finished", head_sha: remoteHead, turns: 4 });
    expect(result?.items[0]).toMatchObject({ id: "work", status: "FIXED" });
    expect(result?.items[0]?.harness.verification).toMatchObject({
      command: "grep -q 'Hello, ' src/greet.js",
      exit_code: 0,
    });
    expect(result?.items[0]?.harness.hallucination_check?.exit_code).toBe(0);
    expect(result?.test).toMatchObject({ command: "node test/greet.test.js", exit_code: 0, timed_out: false });
    expect(result?.usage).toMatchObject({ input_tokens: 4800, output_tokens: 320 });
    expect(result?.usage.usd).toBeGreaterThan(0);
    expect(postedComment(http)).toContain("Conductor executor: greet, attempt 1 — done");
    // Ready for review through GraphQL, with the PR's node id.
    const [ready] = http.find("POST", "/graphql");
    expect(ready?.body).toMatchObject({ variables: { id: PR_NODE_ID } });
    expect(JSON.stringify(ready?.body)).toContain("markPullRequestReadyForReview");
    // Outputs and job summary.
    expect(recorded.outputs).toMatchObject({ status: "done", "head-sha": remoteHead });
    expect(Result.parse(JSON.parse(recorded.outputs.result ?? "{}")).status).toBe("done");
    expect(recorded.summary).toContain("| `work` | FIXED |");
    expect(recorded.summary).toMatch(/node test\/greet\.test\.js` \| 0 \|/);
  });

  test("the tools ran for real, and every request keeps the cached prefix byte-identical", async () => {
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [toolCall("read_file", { path: "src/greet.js" }), editGreet(), finishFixed()]);
    await runJobs(repo, actionEnv(repo.workspace));

    const bodies = sentMessages(http);
    expect(bodies).toHaveLength(3);
    expect(toolResults(bodies[1])[0]?.text).toContain('2\t  return "Hi " + name;');
    expect(toolResults(bodies[2])[0]?.text).toBe(
      'edited src/greet.js at line 2:\n1\texport function greet(name) {\n2\t  return "Hello, " + name + "!";\n3\t}',
    );
    // The brief reached the model sanitized: its hidden HTML comment is gone.
    expect(JSON.stringify(bodies[0]?.messages[0])).not.toContain("ignore all rules");
    for (const [i, body] of bodies.entries()) {
      expect(body.thread).toBeUndefined();
      expect(body.cache_control).toEqual({ type: "ephemeral" });
      expect(body.system[0]?.cache_control).toEqual({ type: "ephemeral" });
      expect(body.tools.at(-1)?.cache_control).toEqual({ type: "ephemeral" });
      expect(body.tools.map((t) => t.name)).toEqual([
        "read_file",
        "list_files",
        "search",
        "write_file",
        "edit_file",
        "run_command",
        "finish",
      ]);
      const previous = bodies[i - 1];
      if (previous) {
        expect(JSON.stringify(body.system)).toBe(JSON.stringify(previous.system));
        expect(JSON.stringify(body.tools)).toBe(JSON.stringify(previous.tools));
        expect(JSON.stringify(body.messages.slice(0, previous.messages.length))).toBe(
          JSON.stringify(previous.messages),
        );
      }
    }
  });

  test("what the repository's setup steps left behind is neither committed nor reverted", async () => {
    // As `npm ci`, a code generator and a build step might leave a checkout before the action runs.
    mkdirSync(path.join(repo.workspace, "build"));
    writeFileSync(path.join(repo.workspace, "build", "out.txt"), "artifact\n");
    writeFileSync(path.join(repo.workspace, "src", "generated.js"), "export const g = 1;\n");
    writeFileSync(path.join(repo.workspace, "README.md"), "# greet\nrewritten by setup\n");
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [editGreet(), finishFixed()]);
    await runJobs(repo, actionEnv(repo.workspace));

    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("diff", "--name-only", repo.headSha, head)).toBe("src/greet.js");
    expect(readFileSync(path.join(repo.workspace, "build", "out.txt"), "utf8")).toBe("artifact\n");
    expect(readFileSync(path.join(repo.workspace, "README.md"), "utf8")).toContain("rewritten by setup");
    expect(postedComment(http)).not.toContain("Reverted");
  });
});
