/**
 * The default `paths.protected` (DESIGN §4): files whose change would run with the repository's secrets or
 * rewrite who may approve, so no executor may touch them and a change escalates at once (DESIGN §6).
 *
 * - `.github/workflows/**` and `.github/actions/**`: workflows, and the local composite/JavaScript actions
 *   they `uses: ./.github/actions/…` — editing either runs code with the workflow's token and secrets.
 * - `CODEOWNERS` in each place GitHub reads it (the root, `.github/`, `docs/`; GitHub uses the first it
 *   finds, so all three must be guarded): an edit could make the executor's own changes self-approving.
 * - `.github/dependabot.yml` (GitHub also reads `.yaml`): it can add registries, with their secrets, and
 *   schedule update PRs.
 * - `.github/conductor.yml`: Conductor's own configuration, including this list.
 */
export const DEFAULT_PROTECTED_PATHS: readonly string[] = [
  ".github/workflows/**",
  ".github/actions/**",
  "CODEOWNERS",
  ".github/CODEOWNERS",
  "docs/CODEOWNERS",
  ".github/dependabot.yml",
  ".github/dependabot.yaml",
  ".github/conductor.yml",
];
