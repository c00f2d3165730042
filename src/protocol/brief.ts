import { z } from "zod";
import { AgentRole } from "./agent-role.js";
import { Feedback } from "./feedback.js";
import { Item } from "./item.js";

export const BRIEF_VERSION = 1;

/** Limits the executor enforces on one attempt. */
export const Budget = z.object({
  turns: z.number().int().positive(),
  tokens: z.number().int().positive(),
  usd: z.number().positive(),
  minutes: z.number().positive(),
});
export type Budget = z.infer<typeof Budget>;

/**
 * Extended thinking for the executor's model: `off`, `adaptive` (the model decides how much to think),
 * or a thinking budget in tokens (1,024–48,000; the reply's `max_tokens` grows to fit it).
 */
export const Thinking = z.union([z.enum(["off", "adaptive"]), z.number().int().min(1024).max(48_000)], {
  error: 'expected "off", "adaptive" or a thinking budget in tokens (1024–48000)',
});
export type Thinking = z.infer<typeof Thinking>;

/** What a review attempt reviews (docs/ai-review.md): never the reviewer's own attempt. */
export const ReviewTarget = z.object({
  head_sha: z.string().regex(/^[0-9a-f]{40}$/),
  author_attempt: z.number().int().positive(),
  result_comment_id: z.number().int().positive(),
});
export type ReviewTarget = z.infer<typeof ReviewTarget>;

/**
 * Which agent does the module's work (DESIGN §8, docs/executor.md): the executor's own loop, Claude Code
 * (Agent SDK) or Codex (`codex exec`). Each is installed by the action at job time except `builtin`.
 */
export const Engine = z.enum(["builtin", "claude-code", "codex"]);
export type Engine = z.infer<typeof Engine>;

/**
 * The model provider of the `codex` engine: an OpenAI-compatible Responses API, and the name of the
 * secret holding its key (the executor workflow passes that secret in an environment variable of the
 * same name). Absent: OpenAI's API and `OPENAI_API_KEY`.
 */
export const Provider = z.object({
  base_url: z.url().optional(),
  api_key_secret: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a secret name (letters, digits, _)"),
});
export type Provider = z.infer<typeof Provider>;

/**
 * The task file the orchestrator writes for one attempt of one module (DESIGN §5). It travels in the
 * module PR body inside `<!-- conductor:brief <base64-json> -->`.
 */
export const Brief = z.object({
  version: z.literal(BRIEF_VERSION),
  /** The task's issue number. */
  task: z.number().int().positive(),
  phase: z.number().int().positive(),
  module: z.string().min(1),
  attempt: z.number().int().positive(),
  /** Unique per dispatch; the result and the workflow run name must carry it back. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
  /**
   * `implement` does the module's work; `resolve_conflict` merges the integration head in first; `review`
   * reads the work of `review` below and posts a PR review, read-only (docs/ai-review.md).
   */
  mode: z.enum(["implement", "resolve_conflict", "review"]),
  /** The phase's tasks and the module's own free text, already sanitized. */
  instructions: z.string(),
  success_criteria: z.array(z.string()),
  gotchas: z.array(z.string()),
  test_command: z.string().nullable(),
  paths: z.array(z.string()),
  protected_paths: z.array(z.string()),
  items: z.array(Item).min(1),
  feedback: z.array(Feedback),
  budget: Budget,
  model: z.string().min(1),
  /**
   * `executor.sandbox` (DESIGN §8): `off` lets commands run unsandboxed, as the executor (unsafe).
   * Absent means `on` (a brief written before the key existed gets the safe default).
   */
  sandbox: z.enum(["on", "off"]).optional(),
  /** `executor.network`: `none` gives commands a network namespace with no interfaces. Absent: `open`. */
  network: z.enum(["open", "none"]).optional(),
  /**
   * `gates.reverify: required`: the executor workflow's verify jobs re-run the result's commands
   * (docs/security.md#independent-re-verification). Absent: they are skipped, spending no runner minutes.
   */
  reverify: z.boolean().optional(),
  /** Absent means `off` (and is what briefs written before the field existed say). */
  thinking: Thinking.optional(),
  /** The module's specialist role: its text goes into the executor's cached system prompt (docs/spec-format.md#roles). */
  role: AgentRole.optional(),
  /** Mode `review` only: the head under review, the author attempt and its result comment. */
  review: ReviewTarget.optional(),
  /** Absent means `builtin` (and is what briefs written before the field existed say). */
  engine: Engine.optional(),
  provider: Provider.optional(),
});
export type Brief = z.infer<typeof Brief>;
