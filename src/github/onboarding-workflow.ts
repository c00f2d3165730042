import { EXECUTOR_USES } from "./action-pin.js";

/**
 * The executor workflow users add as `.github/workflows/conductor-executor.yml`: the text of this
 * repository's own `.github/workflows/conductor-executor.yml`, kept here so the app can open the onboarding
 * PR without reading files at run time. A test fails when the two differ: after changing the workflow,
 * copy it here (escape backticks and the dollar sign of every `${{`). The executor step's `uses:` comes from
 * `action-pin.ts`, the one place a release writes the pinned SHA (docs/releasing.md).
 */
export const EXECUTOR_WORKFLOW = `# Conductor's executor workflow: copy this file to .github/workflows/conductor-executor.yml in the
# repository Conductor works on (the name is \`executor.workflow\` in .github/conductor.yml).
# Conductor dispatches it once per module attempt, on the module branch, with the four inputs below.
#
# Secrets it needs: ANTHROPIC_API_KEY, and CONDUCTOR_APP_ID + CONDUCTOR_APP_PRIVATE_KEY (the GitHub App's
# id and private key). The executor pushes with the App's token because pushes made with GITHUB_TOKEN
# start no workflow runs: with it, no CI would ever run on the module PRs and no gate could pass.
name: Conductor executor
run-name: "Conductor executor: task #\${{ inputs.task }} PR #\${{ inputs.pr }} attempt \${{ inputs.attempt }} [\${{ inputs.nonce }}]"

on:
  workflow_dispatch:
    inputs:
      task:
        description: Task issue number
        required: true
      pr:
        description: Module pull request number
        required: true
      attempt:
        description: Attempt number
        required: true
      nonce:
        description: Dispatch nonce (also in the run name, so Conductor can find this run)
        required: true

# One executor per module PR at a time; a newer dispatch waits instead of racing on the branch.
concurrency:
  group: conductor-executor-pr-\${{ inputs.pr }}
  cancel-in-progress: false

# GITHUB_TOKEN needs nothing: every write uses the App's token.
permissions: {}

jobs:
  execute:
    runs-on: ubuntu-latest
    timeout-minutes: 45
    steps:
      - name: App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: \${{ secrets.CONDUCTOR_APP_ID }}
          private-key: \${{ secrets.CONDUCTOR_APP_PRIVATE_KEY }}
          # Only what the executor does: push the branch, mark the PR ready, comment on it.
          permission-contents: write
          permission-pull-requests: write

      - name: Check out the module branch
        uses: actions/checkout@v4
        with:
          ref: \${{ github.ref }}
          token: \${{ steps.app-token.outputs.token }}
          fetch-depth: 0
          # The executor pushes with the token itself; a persisted credential in .git/config would be
          # readable by the commands the model runs.
          persist-credentials: false

      # ── Your repository's setup goes here ───────────────────────────────────────────────────────
      # Whatever the test command needs: toolchains, dependencies, services. For example:
      #   - uses: actions/setup-node@v4
      #     with: { node-version: 22, cache: npm }
      #   - run: npm ci
      # ────────────────────────────────────────────────────────────────────────────────────────────

      - name: Conductor executor
        # A release's full commit SHA, its tag as the comment (docs/releasing.md#what-you-pin).
        uses: ${EXECUTOR_USES}
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          github-token: \${{ steps.app-token.outputs.token }}
          task: \${{ inputs.task }}
          pr: \${{ inputs.pr }}
          attempt: \${{ inputs.attempt }}
          nonce: \${{ inputs.nonce }}
          # Keep equal to the job's timeout-minutes: the agent stops early enough to push and report.
          timeout-minutes: 45
`;
