import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { loadConfig, parseConfigYaml } from "../../src/config/load.js";
import { Config } from "../../src/config/schema.js";
import { onboardingFiles, onboardingPullBody, workflowSecrets } from "../../src/github/onboarding/onboarding.js";
import { onboardingConfigYaml } from "../../src/github/onboarding/onboarding-config.js";
import { EXECUTOR_WORKFLOW } from "../../src/github/onboarding/onboarding-workflow.js";

const defaults = Config.parse({});

/** Every key path of a parsed config that holds a value (sections are walked, arrays are values). */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe("the commented .github/conductor.yml", () => {
  const text = onboardingConfigYaml();

  test("reads back as exactly the defaults, through the app's own reader and through loadConfig", () => {
    expect(parseConfigYaml(text)).toEqual({ ok: true, config: defaults });
    expect(loadConfig(parse(text))).toEqual({ ok: true, config: defaults });
  });

  test("the commented-out values are the defaults: with them written as YAML, it parses to exactly the defaults", () => {
    const active = onboardingConfigYaml(undefined, { commentDefaults: false });
    expect(parse(active)).toEqual(JSON.parse(JSON.stringify(defaults)));
    expect(loadConfig(parse(active))).toEqual({ ok: true, config: defaults });
  });

  test("names every key with its description, including the keys with no default", () => {
    for (const path of [...leafPaths(defaults), "base_branch", "escalation.webhook_url"]) {
      const key = path.split(".").at(-1) ?? "";
      expect(text).toMatch(new RegExp(`^#? *(?:# )?\\s*${key}:`, "m"));
    }
    expect(text).toContain("#   # The label that starts a task.\n#   label: orchestrate");
    expect(text).toContain("# # Branch the integration branch starts from");
  });

  test("uncommenting a block is deleting two characters from each of its lines", () => {
    const block = "# gates:\n#   # Required checks by name";
    expect(text).toContain(block);
    const uncommented = text.replace(/^# (gates:\n(?:# .*\n)+)/m, (_m, body: string) => body.replace(/^# /gm, ""));
    expect(parseConfigYaml(uncommented)).toEqual({ ok: true, config: defaults });
    expect(parse(uncommented).gates).toEqual(defaults.gates);
  });

  test("a config's own settings are written as YAML; the rest stay commented defaults", () => {
    const config = Config.parse({
      base_branch: "develop",
      gates: { review: "required" },
      escalation: { mention: ["@acme/oncall"] },
      paths: { protected: [".github/**", "infra/**"] },
    });
    const custom = onboardingConfigYaml(config);
    expect(parseConfigYaml(custom)).toEqual({ ok: true, config });
    expect(parse(custom)).toEqual({
      base_branch: "develop",
      gates: { review: "required" },
      escalation: { mention: ["@acme/oncall"] },
      paths: { protected: [".github/**", "infra/**"] },
    });
  });
});

describe("the executor workflow template", () => {
  test("is this repository's committed .github/workflows/conductor-executor.yml, byte for byte", () => {
    const committed = readFileSync(new URL("../../.github/workflows/conductor-executor.yml", import.meta.url), "utf8");
    expect(EXECUTOR_WORKFLOW, "copy the workflow into src/github/onboarding/onboarding-workflow.ts").toBe(committed);
  });

  test("takes the dispatch inputs Conductor sends and carries the nonce in its run name", () => {
    const workflow = parse(EXECUTOR_WORKFLOW);
    expect(Object.keys(workflow.on.workflow_dispatch.inputs)).toEqual(["task", "pr", "attempt", "nonce"]);
    expect(workflow["run-name"]).toMatch(/\$\{\{ inputs\.nonce \}\}/);
  });
});

describe("onboardingFiles and onboardingPullBody", () => {
  test("the workflow goes where executor.workflow says, next to the config", () => {
    expect(onboardingFiles().map((f) => f.path)).toEqual([
      ".github/workflows/conductor-executor.yml",
      ".github/conductor.yml",
    ]);
    const renamed = Config.parse({ executor: { workflow: "ai.yml" } });
    const files = onboardingFiles(renamed);
    expect(files[0]).toEqual({ path: ".github/workflows/ai.yml", content: EXECUTOR_WORKFLOW });
    expect(parseConfigYaml(files[1]?.content ?? "")).toEqual({ ok: true, config: renamed });
  });

  test("the body explains every secret the workflow reads, and why pushes use the App's token", () => {
    expect(workflowSecrets()).toEqual(["ANTHROPIC_API_KEY", "CONDUCTOR_APP_ID", "CONDUCTOR_APP_PRIVATE_KEY"]);
    const body = onboardingPullBody();
    for (const name of workflowSecrets()) expect(body).toMatch(new RegExp(`- \`${name}\`: [a-z]`));
    expect(body).not.toContain("read by the workflow.");
    expect(body).toContain("made with a workflow's `GITHUB_TOKEN` start no workflow runs");
    expect(body).toContain("`conductor/**` branches");
    expect(body).toContain("labelling an issue `orchestrate`");
    expect(body).not.toContain("```yaml");
  });

  test("without the workflows permission the body carries the workflow for a human to add", () => {
    const body = onboardingPullBody({ workflowIncluded: false });
    expect(body).toContain("**Not** `.github/workflows/conductor-executor.yml`");
    expect(body).toContain(`\`\`\`\`yaml\n${EXECUTOR_WORKFLOW.trimEnd()}\n\`\`\`\``);
  });
});
