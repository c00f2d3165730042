import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { runBundleWork, runPublish } from "../support/bundle-jobs.js";
import { CODEX_ITEM, CODEX_WRITE_GREET, codexReport } from "../support/engine-scripts.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { type ResponsesFake, startResponsesFake } from "../support/fake-responses-api.js";
import { pullRequest, testBrief } from "../support/fixtures.js";
import { commentBody, posted } from "../support/leaks.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";

// A whole attempt with `executor.engine: codex`, through the committed bundle as the runner runs both
// jobs (DESIGN §8): the brief names the engine and the provider, the key comes from the variable named
// by `api_key_secret`, `codex exec` runs inside the command sandbox against the Responses API fake
// through the key proxy; the publish job pushes the artifact and posts the result.

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

let enginesDir = "";
let repo: TestRepo;
let api: FakeApi | undefined;
let model: ResponsesFake | undefined;
beforeAll(() => {
  enginesDir = installEngines();
}, 600_000);
beforeEach(() => {
  repo = createTestRepo();
});
afterEach(async () => {
  await api?.close();
  await model?.close();
  repo.cleanup();
});

const PROVIDER_KEY = "sk-local-provider-0123456789";

describe("the committed bundle with executor.engine: codex, both jobs", () => {
  test("Codex does the work; the report file is the result's items; publish pushes it and posts the result", async () => {
    model = await startResponsesFake([CODEX_WRITE_GREET, codexReport(), { type: "message", text: "Done." }]);
    const brief = testBrief({
      engine: "codex",
      model: "gpt-5-codex",
      provider: { base_url: model.url, api_key_secret: "LOCAL_LLM_KEY" },
    });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [],
      checkGitHub: checkGitHubRequest,
    });

    // No Anthropic key: the codex engine takes only its provider's.
    const work = await runBundleWork(repo, api, {
      CONDUCTOR_ENGINES_DIR: enginesDir,
      LOCAL_LLM_KEY: PROVIDER_KEY,
      "INPUT_ANTHROPIC-API-KEY": "",
    });

    expect(work.stdout).not.toContain("::error::");
    expect(work.code).toBe(0);
    expect(work.outputs.status).toBe("done");
    expect(repo.remoteGit("rev-parse", repo.branch)).toBe(repo.headSha);
    expect(model.problems).toEqual([]);
    // Codex held a placeholder; the key proxy put the provider's key on every request.
    expect(new Set(model.keys)).toEqual(new Set([`Bearer ${PROVIDER_KEY}`]));

    const publish = await runPublish(repo, api, work.artifactDir);

    expect(publish.failed).toBeNull();
    expect(api.problems).toEqual([]);
    const head = repo.remoteGit("rev-parse", repo.branch);
    expect(repo.remoteGit("show", `${head}:src/greet.js`)).toContain('"Hello, " + name + "!"');
    const result = posted(api);
    expect(result.status).toBe("done");
    expect(result.items[0]?.solution).toBe(CODEX_ITEM.solution);
    expect(model.seen.length).toBe(3);
    expect(result.agent).toEqual({ engine: "codex", model: "gpt-5-codex", instructions: [] });
    expect(commentBody(api)).toContain("Engine `codex` · model `gpt-5-codex`");
  });
  test("past the brief's turn budget the key proxy refuses Codex's next request; the attempt ends budget exhausted", async () => {
    model = await startResponsesFake([CODEX_WRITE_GREET, codexReport(), { type: "message", text: "Done." }]);
    const brief = testBrief({
      engine: "codex",
      model: "gpt-5-codex",
      provider: { base_url: model.url, api_key_secret: "LOCAL_LLM_KEY" },
      budget: { turns: 1, tokens: 1_000_000, usd: 5, minutes: 30 },
    });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [],
      checkGitHub: checkGitHubRequest,
    });

    const work = await runBundleWork(repo, api, {
      CONDUCTOR_ENGINES_DIR: enginesDir,
      LOCAL_LLM_KEY: PROVIDER_KEY,
      "INPUT_ANTHROPIC-API-KEY": "",
    });

    // One request reached the provider; the second was answered by the proxy and never left.
    expect(model.seen.length).toBe(1);
    expect(work.outputs.status).toBe("incomplete");
    const publish = await runPublish(repo, api, work.artifactDir);
    // The step fails as the built-in engine's does at its budget, saying which limit ended it.
    expect(publish.failed).toBe(
      "the attempt is incomplete (budget): budget exhausted: turns 1/1 (the key proxy refused Codex's next request); not done: work",
    );
    const result = posted(api);
    expect(result.stop_reason).toBe("budget");
    expect(result.error).toContain("budget exhausted: turns 1/1");
    expect(result.usage.input_tokens).toBeGreaterThan(0);
  });
});
