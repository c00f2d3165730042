import type { Config } from "../config/schema.js";
import type { Module, Phase } from "../plan/plan.js";
import { type AgentRole, BUILTIN_ROLES, MAX_ROLE_BYTES } from "../protocol/agent-role.js";
import { BRIEF_VERSION, type Brief, type ReviewTarget } from "../protocol/brief.js";
import type { Feedback } from "../protocol/feedback.js";
import type { Item } from "../protocol/item.js";
import { sanitize } from "../protocol/sanitize.js";
import type { ModuleRecord, TaskRecord } from "./record.js";

/** How many earlier attempts' feedback a brief carries (most recent last). */
export const FEEDBACK_DEPTH = 3;

/**
 * Budget.tokens has no key of its own in `.github/conductor.yml`; the executor's real limits are turns,
 * USD and minutes, so the token cap is a generous function of the turn cap.
 */
export const TOKENS_PER_TURN = 200_000;

/** The plan's phase and module for a module record. */
export function planModule(r: TaskRecord, m: ModuleRecord): { phase: Phase; module: Module } | undefined {
  const phase = r.plan?.phases.find((p) => p.number === m.phase);
  const module = phase?.modules.find((x) => x.slug === m.slug);
  return phase && module ? { phase, module } : undefined;
}

/** What stands in for an item text that was nothing but hidden content (an item needs an issue). */
const EMPTIED = "(the text of this item was hidden markup and was removed)";

/**
 * Every human-written text of an item, sanitized: issue and fix text, and the verification command the
 * model is asked to run, may all carry hidden markup (DESIGN §7).
 */
function sanitizeItem(item: Item): Item {
  return {
    ...item,
    issue: sanitize(item.issue).trim() || EMPTIED,
    fix: sanitize(item.fix),
    verification: sanitize(item.verification),
  };
}

function workItem(phase: Phase, module: Module): Item {
  const tasks = phase.tasks.length > 0 ? phase.tasks.map((t) => `- ${t}`).join("\n") : `Phase ${phase.number} work`;
  return {
    id: "work",
    severity: "major",
    issue: `Phase ${phase.number} (${phase.name}), module ${module.name}:\n${tasks}`,
    fix: module.instructions || "Do the phase's tasks within the module's paths.",
    verification: module.test_command ?? "",
  };
}

function instructions(r: TaskRecord, phase: Phase, module: Module, mode: Brief["mode"]): string {
  const parts = [`Phase ${phase.number}: ${phase.name}`, ...phase.tasks.map((t) => `- ${t}`)];
  if (module.instructions) parts.push("", module.instructions);
  if (mode === "resolve_conflict") {
    const target = r.integration_branch ?? r.base_branch;
    parts.unshift(
      `Resolve the merge conflict first: merge \`${target}\` into this branch, keep the intent of both sides, and make the tests pass.`,
      "",
    );
  }
  return parts.join("\n");
}

/** Earlier attempts' feedback, with the maintainer's `/retry` note (sanitized) on the most recent entry. */
function feedbackFor(m: ModuleRecord, attempt: number, raw: string | null): Feedback[] {
  const earlier = m.attempts.flatMap((a) => (a.feedback ? [a.feedback] : [])).slice(-FEEDBACK_DEPTH);
  if (raw === null) return earlier;
  const note = sanitize(raw);
  const last = earlier[earlier.length - 1];
  if (last) return [...earlier.slice(0, -1), { ...last, note }];
  return [
    {
      attempt: Math.max(1, attempt - 1),
      reason: "a maintainer asked for another attempt",
      failed_checks: [],
      verify_findings: [],
      log_tail: "",
      note,
    },
  ];
}

/** The USD an attempt may spend: the per-attempt limit, or what is left of the task's budget if less. */
export function attemptUsd(r: TaskRecord, config: Config): number {
  return Math.min(config.limits.attempt_usd, config.limits.task_usd - r.cost_usd);
}

/**
 * The task file for one attempt (DESIGN §5). `undefined` when the module is not in the plan, which the
 * callers treat as a broken record rather than guess.
 */
export function buildBrief(
  r: TaskRecord,
  m: ModuleRecord,
  attempt: number,
  nonce: string,
  mode: Brief["mode"],
): Brief | undefined {
  const found = planModule(r, m);
  if (!found) return undefined;
  const { phase, module } = found;
  const config = r.config;
  const role = roleOf(r, module);
  const tuned = role === undefined ? undefined : config.roles[role.name];
  const turns = tuned?.max_turns ?? config.executor.max_turns;
  const review = mode === "review" ? reviewTarget(m) : undefined;
  if (mode === "review" && review === undefined) return undefined;
  return {
    version: BRIEF_VERSION,
    task: r.issue,
    phase: phase.number,
    module: module.name,
    attempt,
    nonce,
    mode,
    // Sanitized here, in the core, so the brief the PR body shows is exactly what the model reads.
    instructions: sanitize(instructions(r, phase, module, mode)),
    success_criteria: phase.success_criteria.map(sanitize),
    gotchas: phase.gotchas.map(sanitize),
    // The parser refuses a test command with hidden markup; this keeps a record from before that rule safe.
    test_command: module.test_command === null ? null : sanitize(module.test_command),
    paths: module.paths,
    protected_paths: config.paths.protected,
    // A task file's fixes are the whole work (docs/spec-format.md#task-files): no `work` item beside them.
    items: [...(r.plan?.source ? [] : [workItem(phase, module)]), ...module.fixes].map(sanitizeItem),
    feedback: feedbackFor(m, attempt, m.note),
    budget: {
      turns,
      tokens: turns * TOKENS_PER_TURN,
      // Never below a cent: dispatching with nothing left is refused before a brief is built.
      usd: Math.max(0.01, attemptUsd(r, config)),
      minutes: config.executor.timeout_minutes,
    },
    model: tuned?.model ?? config.executor.model,
    sandbox: config.executor.sandbox,
    network: config.executor.network,
    ...(config.gates.reverify === "required" ? { reverify: true } : {}),
    thinking: config.executor.thinking,
    ...(role === undefined ? {} : { role }),
    ...(review === undefined ? {} : { review }),
    engine: config.executor.engine,
    provider: config.executor.provider,
  };
}

/** What a review attempt reviews: the module's current head and the author attempt whose done result covers it. */
function reviewTarget(m: ModuleRecord): ReviewTarget | undefined {
  const head = m.heads.find((h) => h.sha === m.head_sha);
  const author = m.attempts.find((a) => a.number === head?.result_attempt);
  if (!head || !author?.result) return undefined;
  return { head_sha: head.sha, author_attempt: author.number, result_comment_id: author.result.comment_id };
}

/**
 * The module's role with its text: the repository's `.github/conductor/roles/<role>.md` (read with the
 * plan), else the built-in one, sanitized and capped (docs/spec-format.md#roles). Undefined without a role,
 * or for a role the plan check let through with no text (it does not: an unknown role is a plan error).
 */
function roleOf(r: TaskRecord, module: Module): AgentRole | undefined {
  if (module.role === undefined) return undefined;
  const text = sanitize(r.role_briefs[module.role] ?? BUILTIN_ROLES[module.role] ?? "").trim();
  if (text === "") return undefined;
  return { name: module.role, brief: capBytes(text, MAX_ROLE_BYTES) };
}

function capBytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  return `${new TextDecoder().decode(bytes.slice(0, max - 3)).replace(/\uFFFD$/, "")}…`;
}
