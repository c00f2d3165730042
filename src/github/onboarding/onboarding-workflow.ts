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
# Two jobs, so the model never runs next to a credential that can write (docs/security.md):
# - \`work\` runs the model and the harness with the job's read-only GITHUB_TOKEN. The model's commands
#   and the test command run in a sandbox (another user, its own PID and mount namespaces) that cannot
#   reach the Anthropic key or any token. It uploads its work as an artifact: a git bundle and a result.
# - \`publish\` mints the App's token, checks the artifact (it applies on the branch head, touches only the
#   module's paths, no protected path, within size limits), pushes it, marks the PR ready and posts the
#   result. It runs nothing the model wrote.
# - \`verify\` and \`verify-report\` re-run the result's commands on a fresh checkout of the pushed SHA and
#   post what they saw (the block at the end).
#
# Secrets it needs: ANTHROPIC_API_KEY (work only), and CONDUCTOR_APP_ID + CONDUCTOR_APP_PRIVATE_KEY (the
# GitHub App's id and private key; publish and verify-report only). Publish pushes with the App's token because pushes made
# with GITHUB_TOKEN start no workflow runs: with it, no CI would ever run on the module PRs.
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

# Nothing by default; each job asks for what it needs.
permissions: {}

jobs:
  work:
    runs-on: ubuntu-latest
    timeout-minutes: 45
    # Read the code and the module PR (the brief is in its body). No App token exists in this job.
    permissions:
      contents: read
      pull-requests: read
      # The result comment it reads is an issue comment; read-only either way.
      issues: read
    steps:
      - name: Check out the module branch
        uses: actions/checkout@v4
        with:
          ref: \${{ github.ref }}
          fetch-depth: 0
          # No credential in .git/config for the model's commands to find.
          persist-credentials: false

      # ── Your repository's setup goes here ───────────────────────────────────────────────────────
      # Whatever the test command needs: toolchains, dependencies, services. For example:
      #   - uses: actions/setup-node@v4
      #     with: { node-version: 22, cache: npm }
      #   - run: npm ci
      # With \`executor.network: none\` commands have no network, so install everything here.
      # ────────────────────────────────────────────────────────────────────────────────────────────

      # ── executor.engine (docs/executor.md#engines); nothing to add for the default, builtin ─────────
      # claude-code: Claude Code runs the model's commands in bubblewrap, with socat for its proxy; Ubuntu
      # 24.04's AppArmor forbids the unprivileged user namespaces bubblewrap needs, so allow them:
      #   - run: |
      #       sudo apt-get install -y --no-install-recommends bubblewrap socat
      #       sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0
      # codex: pass the provider's key to the work step only, under the name executor.provider.api_key_secret
      # gives (default OPENAI_API_KEY), by adding to the step below:
      #     env:
      #       OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      #   (anthropic-api-key may then stay unset.) Either CLI is installed by the step, at a pinned version.
      # ────────────────────────────────────────────────────────────────────────────────────────────

      - name: Conductor executor (work)
        # A release's full commit SHA, its tag as the comment (docs/releasing.md#what-you-pin).
        uses: ${EXECUTOR_USES}
        with:
          mode: work
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          # Read-only: reads the PR and, to resolve a conflict, fetches the base branch.
          github-token: \${{ github.token }}
          task: \${{ inputs.task }}
          pr: \${{ inputs.pr }}
          attempt: \${{ inputs.attempt }}
          nonce: \${{ inputs.nonce }}
          # Keep equal to the job's timeout-minutes: the agent stops early enough to test and upload.
          timeout-minutes: 45
          artifact-path: \${{ runner.temp }}/conductor-work

      - name: Upload the work
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: conductor-work
          path: \${{ runner.temp }}/conductor-work
          if-no-files-found: ignore
          retention-days: 7

  publish:
    needs: work
    # Also after a failed work job: publish then posts a result saying what went wrong.
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions: {}
    # What was pushed and whether the result says done, for the verify jobs below.
    outputs:
      status: \${{ steps.publish.outputs.status }}
      head-sha: \${{ steps.publish.outputs.head-sha }}
      reverify: \${{ steps.publish.outputs.reverify }}
    steps:
      - name: App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: \${{ secrets.CONDUCTOR_APP_ID }}
          private-key: \${{ secrets.CONDUCTOR_APP_PRIVATE_KEY }}
          # Only what publishing does: push the branch, mark the PR ready, comment on it.
          permission-contents: write
          permission-pull-requests: write

      - name: Check out the module branch, fresh
        uses: actions/checkout@v4
        with:
          ref: \${{ github.ref }}
          token: \${{ steps.app-token.outputs.token }}
          fetch-depth: 0
          persist-credentials: false

      - name: Download the work
        uses: actions/download-artifact@v4
        # A work job that died uploaded nothing; publish reports that instead of failing here.
        continue-on-error: true
        with:
          name: conductor-work
          path: \${{ runner.temp }}/conductor-work

      - name: Conductor executor (publish)
        id: publish
        # A release's full commit SHA, its tag as the comment (docs/releasing.md#what-you-pin).
        uses: ${EXECUTOR_USES}
        with:
          mode: publish
          github-token: \${{ steps.app-token.outputs.token }}
          task: \${{ inputs.task }}
          pr: \${{ inputs.pr }}
          attempt: \${{ inputs.attempt }}
          nonce: \${{ inputs.nonce }}
          artifact-path: \${{ runner.temp }}/conductor-work

  # ── Independent re-verification (docs/executor.md#the-verify-job) ───────────────────────────────
  # A party other than the agent checks the result: \`verify\` runs the result's test command,
  # verification commands and hallucination checks again on a fresh checkout of exactly the pushed SHA
  # (never the work job's workspace), in the same command sandbox, with only a read-only GITHUB_TOKEN;
  # \`verify-report\` mints the App's token and posts what it saw, running nothing. With
  # \`gates.reverify: required\` in .github/conductor.yml, conductor/verify waits for that comment and
  # fails when an exit code differs from the result's claim (\`conductor doctor\` expects both jobs).
  verify:
    needs: publish
    # Only a result that says done is re-verified (anything else fails the attempt by itself), and only
    # when the brief asks (gates.reverify: required); otherwise both jobs are skipped.
    if: \${{ needs.publish.outputs.status == 'done' && needs.publish.outputs.reverify == 'true' }}
    runs-on: ubuntu-latest
    timeout-minutes: 45
    permissions:
      contents: read
      pull-requests: read
      # The result comment it reads is an issue comment; read-only either way.
      issues: read
    steps:
      - name: Check out the pushed SHA, fresh
        uses: actions/checkout@v4
        with:
          ref: \${{ needs.publish.outputs.head-sha }}
          persist-credentials: false

      # ── Your repository's setup goes here too: the same steps as in \`work\` ─────────────────────
      # The commands run here as they ran there, so they need the same toolchains and dependencies.
      # Like CI, these steps run the pushed code's install scripts outside the command sandbox; this
      # job holds no write credential and no key, so the worst they can do is spoil this job's record.
      # ────────────────────────────────────────────────────────────────────────────────────────────

      - name: Conductor executor (verify)
        # A release's full commit SHA, its tag as the comment (docs/releasing.md#what-you-pin).
        uses: ${EXECUTOR_USES}
        with:
          mode: verify
          # Read-only: reads the PR's brief and the posted result.
          github-token: \${{ github.token }}
          task: \${{ inputs.task }}
          pr: \${{ inputs.pr }}
          attempt: \${{ inputs.attempt }}
          nonce: \${{ inputs.nonce }}
          artifact-path: \${{ runner.temp }}/conductor-verify

      - name: Upload the re-verification
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: conductor-verify
          path: \${{ runner.temp }}/conductor-verify
          if-no-files-found: ignore
          retention-days: 7

  verify-report:
    needs: [publish, verify]
    # Also after a failed verify job: the report then says why the re-verification did not complete.
    if: \${{ !cancelled() && needs.publish.outputs.status == 'done' && needs.publish.outputs.reverify == 'true' }}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions: {}
    steps:
      - name: App token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: \${{ secrets.CONDUCTOR_APP_ID }}
          private-key: \${{ secrets.CONDUCTOR_APP_PRIVATE_KEY }}
          # Only what reporting does: comment on the PR.
          permission-pull-requests: write

      - name: Download the re-verification
        uses: actions/download-artifact@v4
        # A verify job that died uploaded nothing; the report says so instead of failing here.
        continue-on-error: true
        with:
          name: conductor-verify
          path: \${{ runner.temp }}/conductor-verify

      - name: Conductor executor (verify-report)
        # A release's full commit SHA, its tag as the comment (docs/releasing.md#what-you-pin).
        uses: ${EXECUTOR_USES}
        with:
          mode: verify-report
          github-token: \${{ steps.app-token.outputs.token }}
          task: \${{ inputs.task }}
          pr: \${{ inputs.pr }}
          attempt: \${{ inputs.attempt }}
          nonce: \${{ inputs.nonce }}
          artifact-path: \${{ runner.temp }}/conductor-verify
`;
