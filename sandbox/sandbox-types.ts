import type { CallReport, RequestLogEntry } from "./accounting.js";
import type { Faults, RandomFaults } from "./faults.js";
import type { ContentLimits } from "./rate-limit.js";
import type { RepoSeed } from "./repo.js";
import type { ContractViolation, ResponseProblem } from "./router.js";
import type { AppRec, Role, SandboxState } from "./state.js";
import type { WebhookQueue } from "./webhook-queue.js";

/** How to build a sandbox; every field has a default. */
export interface SandboxOptions {
  /** Where the bare repository lives; default a fresh directory under `os.tmpdir()`, removed by `close()`. */
  dir?: string;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Milliseconds since the epoch; drives every timestamp and commit date. Default `Date.now`. */
  clock?: () => number;
  /**
   * Whether the repository accepts draft PRs (default true). False models a private repository on a
   * GitHub Free or Pro plan: `POST /pulls` with `draft: true` is refused with 422 "Draft pull requests
   * are not supported in this repository."
   */
  draftPullRequests?: boolean;
  /**
   * Whether GitHub's sub-issues API is there (default true). False models a GitHub without it (an older
   * GHES): every `…/sub_issues`, `…/sub_issue` and `…/parent` route answers 404.
   */
  subIssues?: boolean;
  /** Content of the first commit on the default branch. */
  seed?: RepoSeed;
  /** The app under test (its installation receives the webhooks). */
  app?: { id?: number; slug?: string; name?: string };
  /** Default: 1 for the process's first sandbox, then 2, 3, … (installation ids are unique on GitHub). */
  installationId?: number;
  /** Check every request against the OpenAPI description (default true). */
  validate?: boolean;
  /** Also check the sandbox's own JSON responses (default false; the sandbox's tests turn it on). */
  checkResponses?: boolean;
  /** Primary rate limit per hour (default 5000). */
  rateLimit?: number;
  /** Enforce GitHub's secondary limits on content creation (e.g. `{ perMinute: 80, perHour: 500 }`); off by default. */
  contentLimits?: ContentLimits;
  faults?: RandomFaults;
}

/** An in-process GitHub over a real git repository. */
export interface Sandbox {
  /** Give this to Octokit as `request.fetch`. */
  fetch: typeof fetch;
  owner: string;
  repo: string;
  defaultBranch: string;
  /** The bare repository: a git remote for clones and pushes (`git clone <gitDir>`). */
  gitDir: string;
  installationId: number;
  app: AppRec;
  webhooks: WebhookQueue;
  faults: Faults;
  /** A personal token for `login` (the account is created on first use). */
  tokenFor(login: string): string;
  /** An installation token for the app under test, or for another app by slug. */
  installationToken(slug?: string): string;
  /** Registers another GitHub App (e.g. a CI app that writes check runs). */
  addApp(app: { slug: string; name?: string; id?: number }): AppRec;
  /** Sets a user's repository role. */
  setPermission(login: string, role: Role): void;
  /** Adds a collaborator (default role `write`). */
  addCollaborator(login: string, role?: Role): void;
  /** After `git push` into `gitDir`: emits `synchronize` (or `closed` for a deleted head) like GitHub. */
  receivePush(pusher?: string): Promise<void>;
  /** Moves a workflow run on (`in_progress`, then `completed` with a conclusion) and sets its log. */
  setRunStatus(runId: number, status: "in_progress" | "completed", conclusion?: string, log?: string): Promise<void>;
  /** Emits `installation_repositories.<added|removed>` for this repository (the app was given or lost it). */
  installationRepositories(action: "added" | "removed"): Promise<void>;
  /** Runs git against the bare repository and returns stdout (e.g. `["log", "--oneline", "main"]`). */
  git(args: readonly string[]): Promise<string>;
  /** The live non-git state, for quick inspection (do not mutate; `snapshot()` gives a copy). */
  state(): Readonly<SandboxState>;
  /** A deep copy of the non-git state, plus every ref. */
  snapshot(): Promise<{ state: SandboxState; refs: Record<string, string> }>;
  calls(): CallReport;
  requestLog(): readonly RequestLogEntry[];
  resetCalls(): void;
  /** Requests the OpenAPI description rejected (each was answered 422). */
  violations(): readonly ContractViolation[];
  /** Sandbox responses that broke the description (with `checkResponses`). */
  responseProblems(): readonly ResponseProblem[];
  /** Exceptions inside the sandbox (answered 500): bugs in the sandbox. */
  internalErrors(): readonly Error[];
  close(): Promise<void>;
}
