import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { setupStrictHttp } from "../helpers/strict-http.js";
import { fakeGitHub, postedComment, scriptAnthropic, sentMessages, toolResults } from "./support/fake-github.js";
import { ANTHROPIC_KEY, actionEnv, GITHUB_TOKEN, testBrief } from "./support/fixtures.js";
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
afterEach(() => {
  vi.unstubAllEnvs();
  repo.cleanup();
});

// Secrets as a runner would hold them: under telling names, under innocent names, and in the inputs.
const SECRETS: Record<string, string> = {
  ANTHROPIC_API_KEY: "sk-ant-api03-another-key-abcdefghijkl",
  GITHUB_TOKEN: "ghs_workflowtoken00000000000000000000",
  ACTIONS_RUNTIME_TOKEN: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.runtime",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token-123456",
  NPM_CONFIG__AUTH: "bnBtOnNlY3JldHBhc3N3b3Jk",
  MY_SERVICE_PASSWORD: "hunter2hunter2",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  DATABASE_URL: "postgres://app:s3cr3t-db-pass@db.internal:5432/app",
  HARMLESS_LOOKING: `copy of ${GITHUB_TOKEN}`,
  DEPLOY_PEM: "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
};

describe("run_command", () => {
  test("cannot see any secret: `env` through it shows none, and neither do logs or the comment", async () => {
    for (const [name, value] of Object.entries({ ...actionEnv(repo.workspace), ...SECRETS, VISIBLE_SETTING: "42" })) {
      vi.stubEnv(name, value);
    }
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [
      toolCall("run_command", { command: "env; git config --list --show-origin" }),
      editGreet(),
      finishFixed(),
    ]);
    const { recorded, work, publish } = await runJobs(repo, process.env);

    const seen = toolResults(sentMessages(http)[1])[0]?.text ?? "";
    expect(seen).toMatch(/^exit code 0\n/);
    expect(seen).toContain("VISIBLE_SETTING=42");
    expect(seen).toContain("PATH=");
    const everything = [seen, ...recorded.logs, postedComment(http), recorded.summary, recorded.failed ?? ""].join(
      "\n",
    );
    for (const secret of [ANTHROPIC_KEY, GITHUB_TOKEN, ...Object.values(SECRETS)]) {
      expect(everything).not.toContain(secret);
    }
    for (const name of [...Object.keys(SECRETS), "INPUT_ANTHROPIC-API-KEY", "INPUT_GITHUB-TOKEN", "INPUT_NONCE"]) {
      expect(seen).not.toContain(`${name}=`);
    }
    // The runner masks both credentials in its own log as well: the work job both, publish its token.
    expect(work.secrets).toEqual([ANTHROPIC_KEY, GITHUB_TOKEN]);
    expect(publish.secrets).toEqual([GITHUB_TOKEN]);
    expect(recorded.failed).toBeNull();
  });

  test("persisted checkout credentials are gone from .git/config before the model runs", async () => {
    repo.git(
      "config",
      "--local",
      "http.https://github.com/.extraheader",
      `AUTHORIZATION: basic ${btoa(`x-access-token:${GITHUB_TOKEN}`)}`,
    );
    const brief = testBrief();
    fakeGitHub(http, brief, repo);
    scriptAnthropic(http, [toolCall("run_command", { command: "git config --list" }), finishFixed()]);
    const { recorded } = await runJobs(repo, actionEnv(repo.workspace));

    const seen = toolResults(sentMessages(http)[1])[0]?.text ?? "";
    expect(seen).not.toContain("extraheader");
    expect(recorded.logs.join("\n")).toContain("removed persisted git credentials");
  });
});
