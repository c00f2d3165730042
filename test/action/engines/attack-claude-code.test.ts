import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { runBundleWork, runPublish } from "../support/bundle-jobs.js";
import { CLAUDE_DONE, claudeFinish, GREET } from "../support/engine-scripts.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { ANTHROPIC_KEY, GITHUB_TOKEN, pullRequest, testBrief } from "../support/fixtures.js";
import { everything, expectNoSecret, posted } from "../support/leaks.js";
import { STEAL, stolen } from "../support/steal.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";
import { toolCall } from "../support/transcript.js";

// The red team's /proc and environment attack (test/action/attacks.test.ts) played through Claude Code:
// the scripted model has Claude Code's Bash tool read every process's environment, its own and its
// parent's, and the files it can find, then write what it got into the module's paths, where the
// harness commits and the publish job pushes it. The key and every token must appear nowhere.

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const RUNTIME_TOKEN = "eyJhbGciOiJSUzI1NiJ9.runtime-token-of-the-runner-0123456789";
const WORKFLOW_TOKEN = "ghs_w0rkf1owT0kenOfTheJob9876543210abcdEF";
const SECRETS = [ANTHROPIC_KEY, GITHUB_TOKEN, RUNTIME_TOKEN, WORKFLOW_TOKEN];

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

describe("attack through executor.engine: claude-code", () => {
  test("Bash runs cat /proc/*/environ, env, ps: no key or token anywhere, and the commands ran as the sandbox user", async () => {
    const brief = testBrief({ engine: "claude-code" });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [
        toolCall("Bash", { command: STEAL }),
        toolCall("Write", { file_path: "src/greet.js", content: GREET }),
        claudeFinish(),
        CLAUDE_DONE,
      ],
      checkGitHub: checkGitHubRequest,
    });
    const work = await runBundleWork(repo, api, {
      CONDUCTOR_ENGINES_DIR: enginesDir,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      GITHUB_TOKEN: WORKFLOW_TOKEN,
      // A name nothing recognises as secret: only the sandboxes keep this one away.
      INNOCENT_LOOKING: ANTHROPIC_KEY,
    });
    expect(work.stdout).not.toContain("::error::");
    const publish = await runPublish(repo, api, work.artifactDir);

    expect(posted(api).status).toBe("done");
    const got = stolen(repo);
    // The commands ran and their findings were pushed: as uid 65534, seeing a handful of processes.
    expect(got.uid).toBe("65534");
    expect(got.env).toContain("PATH=");
    expect(got.processes).toBeLessThan(10);
    // Claude Code itself held only the key proxy's placeholder; the fake saw the real key.
    expect(api.apiKeys.every((key) => key === ANTHROPIC_KEY)).toBe(true);
    expectNoSecret(everything(repo, work, publish, api), SECRETS);
  });
});
