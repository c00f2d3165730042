import { Config } from "../../config/schema.js";
import type { Finding } from "../../doctor/finding.js";
import { formatFindingsMarkdown } from "../../doctor/format-findings.js";
import { onboardingConfigYaml } from "./onboarding-config.js";
import { EXECUTOR_WORKFLOW } from "./onboarding-workflow.js";

/** The branch of the onboarding PR; finding a PR from it is how "never twice" is kept. */
export const ONBOARDING_BRANCH = "conductor/onboarding";
export const ONBOARDING_TITLE = "Set up Conductor";
export const CONFIG_PATH = ".github/conductor.yml";

/** A file the onboarding PR adds. */
export interface OnboardingFile {
  path: string;
  content: string;
}

/** What each secret the workflow reads is, and where to get it. Unknown names still get listed. */
const SECRET_HELP: Record<string, string> = {
  CONDUCTOR_APP_ID: "the Conductor GitHub App's id (the App's settings page, *General → App ID*).",
  CONDUCTOR_APP_PRIVATE_KEY:
    "a private key of the App (*Private keys → Generate a private key*): the whole `.pem` file, including the `BEGIN`/`END` lines.",
  ANTHROPIC_API_KEY:
    "an Anthropic API key for the executor's model. The executor keeps it from every command the model runs.",
};

/** The path of the executor workflow for a config (`executor.workflow`). */
export function workflowPath(config: Config = Config.parse({})): string {
  return `.github/workflows/${config.executor.workflow}`;
}

/**
 * The files of the onboarding PR: the executor workflow (the same text as this repository's template) and
 * `.github/conductor.yml` with every key, described, at its default (see `onboardingConfigYaml`).
 */
export function onboardingFiles(config?: Config): OnboardingFile[] {
  return [
    { path: workflowPath(config), content: EXECUTOR_WORKFLOW },
    { path: CONFIG_PATH, content: onboardingConfigYaml(config) },
  ];
}

/** The secrets the workflow template reads (`${{ secrets.NAME }}`), in order of first use. */
export function workflowSecrets(workflow: string = EXECUTOR_WORKFLOW): string[] {
  // A commented-out line (the template's optional engine block) reads no secret until the user enables it.
  const live = workflow
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n");
  const names = [...live.matchAll(/\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1] ?? "");
  return [...new Set(names)].filter((name) => name !== "" && name !== "GITHUB_TOKEN");
}

/**
 * The onboarding PR's description: what the PR adds, the secrets the workflow needs (read from the
 * template, so the list cannot go stale), why pushes use the App's token, and how to start a task.
 * `workflowIncluded: false` is for an installation without the `workflows` permission: GitHub refuses to
 * let such an App commit a workflow file, so the body carries it for a human to add.
 */
export function onboardingPullBody(
  options: { config?: Config; workflowIncluded?: boolean; findings?: readonly Finding[] } = {},
): string {
  const config = options.config ?? Config.parse({});
  const workflow = workflowPath(config);
  const included = options.workflowIncluded ?? true;
  const secrets = workflowSecrets().map((name) => `- \`${name}\`: ${SECRET_HELP[name] ?? "read by the workflow."}`);
  const parts = [
    "Conductor turns an issue into phased, CI-gated pull requests written by an AI executor that runs in this repository's own Actions runners. This PR sets it up.",
    "## What this adds",
    [
      included
        ? `- \`${workflow}\`: the executor. Conductor dispatches it once per module attempt; it checks out the module branch, does the work, runs your test command, pushes and reports.`
        : `- **Not** \`${workflow}\`: the App may not commit workflow files (it lacks the \`workflows\` permission). Add the file yourself from the block at the end of this description.`,
      `- \`${CONFIG_PATH}\`: every setting, described, at its default (commented out). Uncomment what you want to change.`,
    ].join("\n"),
    "## Secrets the workflow needs",
    `Add them under *Settings → Secrets and variables → Actions* (or \`gh secret set NAME\`):\n\n${secrets.join("\n")}`,
    "## Why the executor pushes with the App's token",
    "Pushes and pull requests made with a workflow's `GITHUB_TOKEN` start no workflow runs: GitHub's guard against recursive runs. If the executor pushed with it, no CI would run on the module PRs, and no gate could ever pass. So the workflow mints a short-lived installation token of the Conductor App (`actions/create-github-app-token`) and pushes with that. The workflow's own `GITHUB_TOKEN` gets no permissions at all.",
    "## Before the first task",
    [
      "- Add your build setup (toolchains, `npm ci`, services) where the workflow marks it, so the executor can run your tests.",
      "- Make sure CI runs on pull requests into `conductor/**` branches: module PRs target Conductor's integration branch, and a CI filtered to `main` never reports, so no module can pass.",
      `- Start a task by labelling an issue \`${config.trigger.label}\`. Give it a \`## Implementation Phases\` section, or let Conductor propose a plan.`,
    ].join("\n"),
  ];
  // What this PR itself fixes (the missing executor workflow) is not repeated as a finding.
  const found = formatFindingsMarkdown((options.findings ?? []).filter((f) => f.file !== workflow));
  if (found.length > 0) {
    parts.push(
      "## What Conductor found in this repository",
      `The same checks as \`conductor doctor\`, on the base branch:\n\n${found.join("\n")}`,
    );
  }
  if (!included) parts.push(`## \`${workflow}\``, `\`\`\`\`yaml\n${EXECUTOR_WORKFLOW.trimEnd()}\n\`\`\`\``);
  return `${parts.join("\n\n")}\n`;
}
