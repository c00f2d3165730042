/**
 * The Conductor release the workflow templates run (docs/releasing.md): a full commit SHA, because a tag can
 * be moved and a SHA cannot, with its tag as the comment Dependabot and Renovate read to propose updates.
 * `scripts/release.mjs` rewrites this file and every template's `uses:` / `ref:` line together; a test
 * fails when they disagree. The onboarding PR's copy of the executor workflow reads it from here.
 */
export const ACTION_PIN = {
  repository: "conductor-app/conductor",
  sha: "80455556523f94ebc454a96e4e89465fa8731e6d",
  tag: "v0.1.0",
} as const;

/** The executor step's `uses:` value, comment included. */
export const EXECUTOR_USES = `${ACTION_PIN.repository}/action@${ACTION_PIN.sha} # ${ACTION_PIN.tag}`;
