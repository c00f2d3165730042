import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { Result } from "../../../src/protocol/result.js";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { runBundleWork, runPublish } from "../support/bundle-jobs.js";
import { CLAUDE_DONE, claudeFinish } from "../support/engine-scripts.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { ANTHROPIC_KEY, pullRequest, testBrief } from "../support/fixtures.js";
import { commentBody, posted } from "../support/leaks.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";
import { toolCall } from "../support/transcript.js";

// A whole attempt with `executor.engine: claude-code`, through the committed bundle as the runner runs
// both jobs (DESIGN §8): the work job finds the pinned Agent SDK (CONDUCTOR_ENGINES_DIR, as if installed
// earlier), runs Claude Code inside the command sandbox against the Messages API fake through the key
// proxy, and leaves its artifact; the publish job, on a fresh clone, pushes it and posts the result.

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

let enginesDir = "";
let repo: TestRepo;
let api: FakeApi | undefined;
beforeAll(() => {
  enginesDir = installEngines();
}, 600_000);
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(async () => {
  await api?.close();
  repo.cleanup();
});

describe("the committed bundle with executor.engine: claude-code, both jobs", () => {
  test("Claude Code does the work; the artifact carries it; publish pushes it and posts the result", async () => {
    const brief = testBrief({ engine: "claude-code" });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [
        toolCall("Write", {
          file_path: "src/greet.js",
          content: 'export function greet(name) {\n  return "Hello, " + name + "!";\n}\n',
        }),
        claudeFinish(),
        CLAUDE_DONE,
      ],
      checkGitHub: checkGitHubRequest,
    });

    const work = await runBundleWork(repo, api, { CONDUCTOR_ENGINES_DIR: enginesDir });

    expect(work.stdout).not.toContain("::error::");
    expect(work.code).toBe(0);
    expect(work.outputs.status).toBe("done");
    // The work job pushed nothing.
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    // Claude Code held a placeholder; the key proxy put the real key on every request.
    expect(api.apiKeys).toEqual([ANTHROPIC_KEY, ANTHROPIC_KEY, ANTHROPIC_KEY]);

    const publish = await runPublish(repo, api, work.artifactDir);

    expect(publish.failed).toBeNull();
    expect(api.problems).toEqual([]);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    expect(publish.outputs).toMatchObject({ status: "done", "head-sha": head });
    const result = posted(api);
    expect(Result.parse(result).status).toBe("done");
    expect(result.items[0]?.harness.verification?.exit_code).toBe(0);
    expect(api.messages.seen.length).toBe(3);
    // Who did the work, in the result (and so on the dashboard) and in the comment.
    expect(result.agent).toEqual({ engine: "claude-code", model: "claude-sonnet-4-6", instructions: [] });
    expect(commentBody(api)).toContain("Engine `claude-code` · model `claude-sonnet-4-6`");
  });
});
