import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { installEngines } from "../../../scripts/install-engines.mjs";
import { checkGitHubRequest } from "../../helpers/openapi.js";
import { runBundleWork, runPublish } from "../support/bundle-jobs.js";
import { CODEX_WRITE_GREET, codexReport, exec } from "../support/engine-scripts.js";
import { type FakeApi, startFakeApi } from "../support/fake-api-server.js";
import { type ResponsesFake, startResponsesFake } from "../support/fake-responses-api.js";
import { ANTHROPIC_KEY, GITHUB_TOKEN, pullRequest, testBrief } from "../support/fixtures.js";
import { everything, expectNoSecret, posted } from "../support/leaks.js";
import { STEAL, stolen } from "../support/steal.js";
import { createTestRepo, type TestRepo } from "../support/test-repo.js";

// The red team's /proc and environment attack (test/action/attacks.test.ts) played through Codex: the
// scripted model has `codex exec` run commands that read every process's environment and write what
// they got into the module's paths, where the harness commits and the publish job pushes it. The
// provider's key, the Anthropic key and every token must appear nowhere.

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const PROVIDER_KEY = "sk-proj-provider-key-0123456789abcdef";
const RUNTIME_TOKEN = "eyJhbGciOiJSUzI1NiJ9.runtime-token-of-the-runner-0123456789";
const WORKFLOW_TOKEN = "ghs_w0rkf1owT0kenOfTheJob9876543210abcdEF";
const SECRETS = [PROVIDER_KEY, ANTHROPIC_KEY, GITHUB_TOKEN, RUNTIME_TOKEN, WORKFLOW_TOKEN];

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

describe("attack through executor.engine: codex", () => {
  test("its shell runs cat /proc/*/environ, env, ps: no key or token anywhere, and the commands ran as the sandbox user", async () => {
    model = await startResponsesFake([
      exec(STEAL),
      CODEX_WRITE_GREET,
      codexReport(),
      { type: "message", text: "Done." },
    ]);
    const brief = testBrief({
      engine: "codex",
      model: "gpt-5-codex",
      provider: { base_url: model.url, api_key_secret: "PROVIDER_KEY" },
    });
    api = await startFakeApi({
      pullRequest: pullRequest(brief, repo.headSha, repo.branch),
      messages: [],
      checkGitHub: checkGitHubRequest,
    });
    const work = await runBundleWork(repo, api, {
      CONDUCTOR_ENGINES_DIR: enginesDir,
      PROVIDER_KEY,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      GITHUB_TOKEN: WORKFLOW_TOKEN,
      INNOCENT_LOOKING: PROVIDER_KEY,
    });
    expect(work.stdout).not.toContain("::error::");
    const publish = await runPublish(repo, api, work.artifactDir);

    expect(posted(api).status).toBe("done");
    const got = stolen(repo);
    expect(got.uid).toBe("65534");
    expect(got.env).toContain("PATH=");
    expect(got.processes).toBeLessThan(10);
    expect(model.keys.every((key) => key === `Bearer ${PROVIDER_KEY}`)).toBe(true);
    // What the model saw (every request Codex sent) counts too.
    expectNoSecret(everything(repo, work, publish, api, [JSON.stringify(model.seen)]), SECRETS);
  });
});
