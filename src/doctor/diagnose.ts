import type { Config } from "../config/schema.js";
import { parseWorkflow } from "../workflows/parse-workflow.js";
import { compareExecutorWorkflow } from "./compare-executor-workflow.js";
import { at, type Finding } from "./finding.js";
import { workflowFindings } from "./workflow-findings.js";

/** A file as read from a checkout (the CLI) or through the contents API (the app). */
export interface RepoFile {
  path: string;
  text: string;
}

/** What the doctor looks at: the workflow files, the loaded configuration, the default branch. */
export interface DoctorInput {
  /** Every file under `.github/workflows/` (`.yml` and `.yaml`). */
  workflows: readonly RepoFile[];
  /** `.github/conductor.yml` loaded (defaults when there is none); its own errors are `configFindings`. */
  config: Config;
  /** The repository's default branch, or null when it cannot be told. */
  defaultBranch: string | null;
  /** The executor workflow the app ships (`EXECUTOR_WORKFLOW`), for "present and current". */
  executorTemplate: string;
  /** The task's issue number when known (the app); the CLI shows `<issue>`-free example branches. */
  issue?: number;
}

const SECRET = /\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * The pre-flight of docs/doctor.md, pure: the default branch, the executor workflow present and current
 * and the secrets it reads, then each workflow on a module PR into `conductor/**`, and whether any CI at all
 * (and every check `gates.checks` names) reports on module heads.
 */
export function diagnose(input: DoctorInput): Finding[] {
  const { config } = input;
  const findings: Finding[] = [];
  const base = config.base_branch ?? input.defaultBranch;
  const issue = input.issue ?? 1;
  findings.push(
    base === null
      ? at("warning", null, null, "the default branch could not be told", "pass `--base BRANCH` or set `base_branch`")
      : at(
          "info",
          null,
          null,
          `base branch \`${base}\`${config.base_branch ? " (`base_branch`)" : " (the default branch)"}: ${
            config.integration
              ? `module PRs go into \`conductor/${issue}/integration\`, the final PR into \`${base}\``
              : `module PRs go into \`${base}\` (\`integration: false\`)`
          }`,
        ),
  );

  const executorPath = `.github/workflows/${config.executor.workflow}`;
  const executor = input.workflows.find((w) => w.path === executorPath);
  if (!executor) {
    findings.push(
      at(
        "error",
        executorPath,
        null,
        `the executor workflow \`${executorPath}\` is missing${base ? ` (GitHub dispatches only workflows on \`${base}\`)` : ""}`,
        "merge Conductor's onboarding PR, or copy the template from the Conductor repository's `.github/workflows/conductor-executor.yml`",
      ),
    );
  } else {
    const differences = compareExecutorWorkflow(executor.path, executor.text, input.executorTemplate);
    findings.push(
      ...differences.map((d) =>
        at(
          "error",
          executor.path,
          d.line,
          `the executor workflow is not current: ${d.message}`,
          "replace it with the current template (keep your setup steps)",
        ),
      ),
    );
    if (differences.length === 0)
      findings.push(at("ok", executor.path, null, "the executor workflow is present and current"));
    findings.push(...secretFindings(executor));
  }

  const pr = {
    base: config.integration ? `conductor/${issue}/integration` : (base ?? "main"),
    head: `conductor/${issue}/p1-module`,
    paths: null,
  };
  const checks: string[] = [];
  for (const file of input.workflows) {
    if (file.path === executorPath) continue;
    const result = workflowFindings(parseWorkflow(file.path, file.text), pr);
    findings.push(...result.findings);
    checks.push(...result.checks);
  }
  findings.push(...gateFindings(config, checks, pr.base));
  return findings;
}

function secretFindings(executor: RepoFile): Finding[] {
  const lines = executor.text.split("\n");
  const seen = new Map<string, number>();
  lines.forEach((text, i) => {
    for (const match of text.matchAll(SECRET)) {
      const name = match[1] ?? "";
      if (name !== "GITHUB_TOKEN" && !seen.has(name)) seen.set(name, i + 1);
    }
  });
  return [...seen].map(([name, line]) =>
    at(
      "info",
      executor.path,
      line,
      `reads the secret \`${name}\``,
      `make sure it is set: Settings → Secrets and variables → Actions, or \`gh secret set ${name}\``,
    ),
  );
}

/** Whether any check will report on module heads, and whether every check `gates.checks` names will. */
function gateFindings(config: Config, checks: readonly string[], base: string): Finding[] {
  const wait = `each module would wait \`gates.checks_timeout_minutes\` (${config.gates.checks_timeout_minutes} min)`;
  if (checks.length === 0) {
    return [
      at(
        config.gates.allow_no_checks ? "warning" : "error",
        ".github/workflows",
        null,
        config.gates.allow_no_checks
          ? `no CI runs on module PRs into \`${base}\`: modules merge after the timeout with only the executor's own test run (\`gates.allow_no_checks\`)`
          : `no CI runs on module PRs into \`${base}\`: ${wait} and then escalate`,
        "let a CI workflow run on `pull_request` into `conductor/**`, or set `gates.allow_no_checks: true`",
      ),
    ];
  }
  if (config.gates.checks === "all") return [];
  const missing = config.gates.checks.filter((name) => !checks.includes(name));
  return missing.map((name) =>
    at(
      "error",
      ".github/conductor.yml",
      null,
      `\`gates.checks\` requires \`${name}\`, but no workflow job named so runs on module PRs: ${wait} and then escalate`,
      `name a check that runs (${checks.map((c) => `\`${c}\``).join(", ")}), or make that job run on \`conductor/**\``,
    ),
  );
}
