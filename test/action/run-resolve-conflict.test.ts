import { afterEach, describe, expect, test, vi } from "vitest";
import { decodeMarker } from "../../src/protocol/marker.js";
import { Result } from "../../src/protocol/result.js";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, scriptAnthropic, sentMessages, toolResults } from "./support/fake-github.js";
import { actionEnv, testBrief } from "./support/fixtures.js";
import { runJobs } from "./support/run-jobs.js";
import { createTestRepo, INTEGRATION, type TestRepo } from "./support/test-repo.js";
import { finishFixed, toolCall } from "./support/transcript.js";

// Each test plays both jobs (work, then publish on a fresh clone) with sandboxed commands: tens of
// seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const http = setupStrictHttp();
let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

const RESOLVED = 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n';

describe("run(deps) with a resolve_conflict brief", () => {
  test("merges the base, lets the model resolve the conflict, and pushes a merge commit", async () => {
    repo = createTestRepo({ conflict: true });
    const brief = testBrief({ mode: "resolve_conflict" });
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("read_file", { path: "src/greet.js" }),
      toolCall("write_file", { path: "src/greet.js", content: RESOLVED }),
      finishFixed(),
    ]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    const [first, second] = sentMessages(http);
    expect(JSON.stringify(first?.messages[0])).toContain(`The harness merged \`${INTEGRATION}\` into this branch`);
    expect(toolResults(second)[0]?.text).toMatch(/\d\t<<<<<<< HEAD\n\d\t {2}return "Howdy " \+ name;\n\d\t=======/);
    const head = repo.remoteGit("rev-parse", repo.branch);
    const parents = repo.remoteGit("rev-list", "--parents", "-n", "1", head).split(" ").slice(1);
    expect(parents).toEqual([repo.headSha, repo.remoteGit("rev-parse", INTEGRATION)]);
    // The base's own change outside the module's paths came along; it was not reverted.
    expect(repo.remoteGit("show", `${head}:docs/notes.md`)).toBe("# notes from another module");
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toBe(RESOLVED.trimEnd());
    const read = decodeMarker("result", postedComment(http), Result);
    expect(read.ok && read.value.status).toBe("done");
    expect(recorded.failed).toBeNull();
  });

  test("conflict markers left behind fail the result", async () => {
    repo = createTestRepo({ conflict: true });
    const brief = testBrief({
      mode: "resolve_conflict",
      test_command: null,
      items: [{ ...testBrief().items[0]!, verification: "" }],
    });
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [finishFixed({ verification_command: "true", hallucination_check: "true" })]);
    await runJobs(repo, actionEnv(repo.workspace));

    const comment = postedComment(http);
    expect(comment).toContain("Conflict markers remain in: src/greet.js.");
    const read = decodeMarker("result", comment, Result);
    expect(read.ok && read.value.status).toBe("failed");
  });
});
