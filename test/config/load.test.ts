import { describe, expect, test } from "vitest";
import { type ConfigError, formatConfigErrors, loadConfig, parseConfigYaml } from "../../src/config/load.js";
import { DEFAULT_PROTECTED_PATHS } from "../../src/config/protected-paths.js";
import { Config } from "../../src/config/schema.js";

const defaults = Config.parse({});

function errorsOf(raw: unknown): ConfigError[] {
  const result = loadConfig(raw);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("loadConfig: defaults", () => {
  test("the documented defaults (DESIGN §4)", () => {
    expect(defaults).toMatchObject({
      trigger: { label: "orchestrate" },
      integration: true,
      plan: { approval: "auto" },
      executor: { workflow: "conductor-executor.yml" },
      retries: { max_attempts: 3, backoff_minutes: [1, 5, 15], same_failure_limit: 2 },
      gates: { checks: "all", checks_timeout_minutes: 30, allow_no_checks: false, review: "none" },
      merge: { method: "squash" },
      paths: { protected: [...DEFAULT_PROTECTED_PATHS] },
      commands: { retry: { permission: "write" }, rollback: { permission: "maintain" } },
    });
    expect(defaults.base_branch).toBeUndefined();
  });

  test.each([
    ["no file (null)", null],
    ["no file (undefined)", undefined],
    ["an empty mapping", {}],
    ["only _extends", { _extends: ".github" }],
  ])("%s is all defaults", (_, raw) => {
    expect(loadConfig(raw)).toEqual({ ok: true, config: defaults });
  });

  test("given keys override defaults, the rest stay", () => {
    const result = loadConfig({ retries: { max_attempts: 5 }, gates: { checks: ["ci / test"] } });
    expect(result.ok && result.config.retries).toEqual({ ...defaults.retries, max_attempts: 5 });
    expect(result.ok && result.config.gates.checks).toEqual(["ci / test"]);
    expect(result.ok && result.config.merge).toEqual(defaults.merge);
  });

  test("a top-level _extends is ignored, a nested one is not", () => {
    expect(loadConfig({ _extends: "org/.github", merge: { method: "rebase" } })).toMatchObject({
      ok: true,
      config: { merge: { method: "rebase" } },
    });
    expect(errorsOf({ gates: { _extends: "x" } })).toEqual([{ key: "gates._extends", message: "unknown key" }]);
  });

  test("an empty value is not set: a section with its lines commented out is defaults", () => {
    expect(loadConfig({ gates: null, base_branch: null, retries: { max_attempts: null } })).toEqual({
      ok: true,
      config: defaults,
    });
  });
});

describe("loadConfig: each error names its key path", () => {
  test.each<[string, unknown, ConfigError[]]>([
    [
      "wrong type",
      { retries: { max_attempts: "x" } },
      [{ key: "retries.max_attempts", message: 'expected a number, got "x"' }],
    ],
    [
      "not a whole number",
      { executor: { max_turns: 1.5 } },
      [{ key: "executor.max_turns", message: "expected a whole number, got 1.5" }],
    ],
    [
      "thinking neither a mode nor a budget",
      { executor: { thinking: "on" } },
      [
        {
          key: "executor.thinking",
          message: 'expected "off", "adaptive" or a thinking budget in tokens (1024–48000), got "on"',
        },
      ],
    ],
    [
      "thinking budget too small",
      { executor: { thinking: 500 } },
      [{ key: "executor.thinking", message: "must be at least 1024, got 500" }],
    ],
    [
      "unknown engine",
      { executor: { engine: "aider" } },
      [{ key: "executor.engine", message: 'expected "builtin", "claude-code" or "codex", got "aider"' }],
    ],
    [
      "provider base_url not a URL",
      { executor: { provider: { base_url: "llm.local" } } },
      [{ key: "executor.provider.base_url", message: "expected an https:// URL" }],
    ],
    [
      "provider secret name with a dash",
      { executor: { provider: { api_key_secret: "my-key" } } },
      [
        {
          key: "executor.provider.api_key_secret",
          message: 'expected a secret name (letters, digits, _), got "my-key"',
        },
      ],
    ],
    ["unknown key", { gates: { foo: 1 } }, [{ key: "gates.foo", message: "unknown key" }]],
    ["unknown top-level key", { zzz: 1 }, [{ key: "zzz", message: "unknown key" }]],
    [
      "misspelt key",
      { retries: { max_attempt: 5 } },
      [{ key: "retries.max_attempt", message: "unknown key (did you mean `max_attempts`?)" }],
    ],
    [
      "camelCase key",
      { gates: { allowNoChecks: true } },
      [{ key: "gates.allowNoChecks", message: "unknown key (did you mean `allow_no_checks`?)" }],
    ],
    [
      "bad enum",
      { gates: { review: "yes" } },
      [{ key: "gates.review", message: 'expected "none" or "required", got "yes"' }],
    ],
    [
      "bad ai_review",
      { gates: { ai_review: true } },
      [{ key: "gates.ai_review", message: 'expected "required", "advisory" or "off", got true' }],
    ],
    [
      "bad enum of three",
      { merge: { method: "ff" } },
      [{ key: "merge.method", message: 'expected "squash", "merge" or "rebase", got "ff"' }],
    ],
    [
      "bad role",
      { commands: { retry: { permission: "owner" } } },
      [
        {
          key: "commands.retry.permission",
          message: 'expected "read", "triage", "write", "maintain" or "admin", got "owner"',
        },
      ],
    ],
    [
      "unknown command",
      { commands: { merge: { permission: "write" } } },
      [{ key: "commands.merge", message: "unknown key" }],
    ],
    [
      "empty list",
      { retries: { backoff_minutes: [] } },
      [{ key: "retries.backoff_minutes", message: "must list at least 1 item, got an empty list" }],
    ],
    [
      "list item",
      { retries: { backoff_minutes: [1, "x"] } },
      [{ key: "retries.backoff_minutes[1]", message: 'expected a number, got "x"' }],
    ],
    [
      "not positive",
      { limits: { task_usd: 0 } },
      [{ key: "limits.task_usd", message: "must be greater than 0, got 0" }],
    ],
    ["empty string", { trigger: { label: "" } }, [{ key: "trigger.label", message: 'must not be empty, got ""' }]],
    [
      "union",
      { gates: { checks: 5 } },
      [{ key: "gates.checks", message: 'expected "all" or a list of check names, got 5' }],
    ],
    [
      "mapping for a scalar",
      { integration: { on: true } },
      [{ key: "integration", message: "expected true or false, got a mapping" }],
    ],
    ["list for a section", { gates: [] }, [{ key: "gates", message: "expected a mapping, got an empty list" }]],
    [
      "mention",
      { escalation: { mention: ["@@x"] } },
      [
        {
          key: "escalation.mention[0]",
          message: 'expected a GitHub user or team, such as @octocat or @org/team, got "@@x"',
        },
      ],
    ],
    [
      "http webhook, value not echoed",
      { escalation: { webhook_url: "http://hooks.example/T0/secret" } },
      [{ key: "escalation.webhook_url", message: "expected an https:// URL" }],
    ],
    [
      "sub-issues not a boolean",
      { tracking: { sub_issues: "yes" } },
      [{ key: "tracking.sub_issues", message: 'expected true or false, got "yes"' }],
    ],
    [
      "unknown tracking key",
      { tracking: { subissues: true } },
      [{ key: "tracking.subissues", message: expect.stringContaining("unknown key") }],
    ],
    ["the file is a list", ["a"], [{ key: "", message: "expected a mapping, got a list" }]],
    ["the file is a string", "gates", [{ key: "", message: 'expected a mapping, got "gates"' }]],
  ])("%s", (_, raw, expected) => {
    expect(errorsOf(raw)).toEqual(expected);
  });

  test("every problem at once, unknown keys one by one", () => {
    const errors = errorsOf({ retries: { max_attempts: "x", foo: 1, bar: 2 }, merge: { method: 1 } });
    expect(errors.map((error) => error.key).sort()).toEqual(
      ["merge.method", "retries.bar", "retries.foo", "retries.max_attempts"].sort(),
    );
  });

  test("long values are cut short", () => {
    const [error] = errorsOf({ trigger: { label: 5 }, plan: { model: 7 }, merge: { method: "x".repeat(500) } }).filter(
      (e) => e.key === "merge.method",
    );
    expect(error?.message.length).toBeLessThan(120);
    expect(error?.message).toContain("…");
  });
});

describe("parseConfigYaml", () => {
  test("a valid file", () => {
    expect(parseConfigYaml("retries:\n  max_attempts: 4\n")).toMatchObject({
      ok: true,
      config: { retries: { max_attempts: 4 } },
    });
  });

  test.each(["", "# only a comment\n", "---\n"])("an empty file %j is defaults", (text) => {
    expect(parseConfigYaml(text)).toEqual({ ok: true, config: defaults });
  });

  test("schema errors carry the line of the bad key", () => {
    const text =
      "gates:\n  review: required\n  foo: 1\nretries:\n  max_attempts: x\n  backoff_minutes:\n    - 1\n    - soon\n";
    expect(parseConfigYaml(text)).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { key: "gates.foo", message: "unknown key", line: 3 },
        { key: "retries.max_attempts", message: 'expected a number, got "x"', line: 5 },
        { key: "retries.backoff_minutes[1]", message: 'expected a number, got "soon"', line: 8 },
      ]),
    });
  });

  test.each([
    ["unclosed flow sequence", "gates:\n  checks: [a, b\nmerge:\n  method: squash\n", 3],
    ["duplicate key", "merge:\n  method: squash\nmerge:\n  method: rebase\n", 3],
    ["tab indentation", "gates:\n\treview: required\n", 2],
  ])("YAML syntax error with its line: %s", (_, text, line) => {
    const result = parseConfigYaml(text);
    expect(result.ok).toBe(false);
    const [first] = result.ok ? [] : result.errors;
    expect(first).toMatchObject({ key: "", line });
    expect(first?.message).toMatch(new RegExp(`^YAML syntax error at line ${line}, column \\d+: `));
  });

  test("an alias to a missing anchor is an error, not a throw", () => {
    expect(parseConfigYaml("gates: *nothing\n")).toMatchObject({ ok: false, errors: [{ key: "" }] });
  });

  test("_extends and merge keys", () => {
    const text = "_extends: .github\nbase: &b\n  method: rebase\n";
    expect(parseConfigYaml(text)).toMatchObject({ ok: false, errors: [{ key: "base", line: 2 }] });
    expect(parseConfigYaml("_extends: .github\nmerge:\n  method: merge\n")).toMatchObject({ ok: true });
  });
});

describe("formatConfigErrors", () => {
  test("one comment naming every bad key with its line", () => {
    const result = parseConfigYaml("gates:\n  foo: 1\nretries:\n  max_attempts: x\n");
    const body = formatConfigErrors(result.ok ? [] : result.errors, ".github/conductor.yml");
    expect(body).toContain("`.github/conductor.yml`");
    expect(body).toContain("2 problems");
    expect(body).toContain("nothing will run");
    expect(body).toContain("- `gates.foo` (line 2): unknown key");
    expect(body).toContain('- `retries.max_attempts` (line 4): expected a number, got "x"');
  });

  test("user values cannot mention people or inject Markdown", () => {
    const body = formatConfigErrors(
      errorsOf({ "@everyone": 1, merge: { method: "<img src=x> @octocat **b**" } }),
      "c.yml",
    );
    expect(body).toContain("`@everyone`");
    expect(body).not.toMatch(/[^`]@octocat/);
    expect(body).not.toMatch(/[^\\]<img/);
    expect(body).toContain("\\<img src=x\\>");
    expect(body).toContain("\\*\\*b\\*\\*");
  });

  test("a key with backticks still renders as one code span", () => {
    const body = formatConfigErrors([{ key: "a`b", message: "unknown key" }], "c.yml");
    expect(body).toContain("- ``a`b``: unknown key");
  });

  test("a flood of errors is cut to a readable comment", () => {
    const errors = Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, message: "unknown key" }));
    const body = formatConfigErrors(errors, "c.yml");
    expect(body).toContain("500 problems");
    expect(body).toContain("…and 450 more");
    expect(body.length).toBeLessThan(65_536);
  });
});
