import type Anthropic from "@anthropic-ai/sdk";
import { APIError } from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import { type Plan, PlannerPlan } from "../../plan/plan.js";
import { checkPlanText, type PlanCheck } from "./planner-check.js";
import { noKeyMessage } from "./planner-no-key.js";
import { type PlannerPromptInput, plannerPrompt } from "./planner-prompt.js";

/** The planner's log lines; Probot's `context.log` (pino) fits. */
export interface PlannerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface PlanFromIssueInput extends PlannerPromptInput {
  /** null when the app has no `ANTHROPIC_API_KEY`: the planner is off and says how to write a spec. */
  anthropic: Anthropic | null;
  /** `plan.model` from the config. */
  model: string;
  log: PlannerLog;
  /** The trigger label, named in the how-to-write-a-spec message. */
  triggerLabel?: string;
}

export type PlanOutcome =
  | { ok: true; plan: Plan }
  /** The model answered twice and neither answer was a valid plan: every problem of the last one. */
  | { ok: false; reason: "invalid"; errors: string[] }
  /** No key: `message` (Markdown) tells the maintainer how to write the spec by hand. */
  | { ok: false; reason: "no_key"; message: string }
  /** The API refused or failed; `retryable` for rate limits, overload, 5xx and network errors. */
  | { ok: false; reason: "api_error"; message: string; status: number | undefined; retryable: boolean };

/** Room for a plan of dozens of modules, and under the SDK's limit for a non-streaming request. */
const MAX_TOKENS = 16_000;
const ATTEMPTS = 2;

/**
 * Writes a plan for an issue that has no `## Implementation Phases` (DESIGN §1.2): Claude with structured
 * output in the `Plan` schema, from the sanitized issue, a capped file tree and the README's head. An
 * answer that fails the schema or the spec's rules is sent back once with the problems; a second failure
 * is reported with its problems. The returned plan has survived a round trip through the spec format.
 */
export async function planFromIssue(input: PlanFromIssueInput): Promise<PlanOutcome> {
  const { anthropic, model, log } = input;
  if (anthropic === null) return { ok: false, reason: "no_key", message: noKeyMessage(input.triggerLabel) };
  const prompt = plannerPrompt(input);
  // Both blocks are cached: a retry resends the same prefix (STACK §4).
  const messages: MessageParam[] = [
    { role: "user", content: [{ type: "text", text: prompt.user, cache_control: { type: "ephemeral" } }] },
  ];
  let errors: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let answer: Answer;
    try {
      answer = await ask(anthropic, model, prompt.system, messages, input.maxModules);
    } catch (error) {
      if (!(error instanceof APIError)) throw error;
      log.warn({ attempt, status: error.status }, "planner request failed");
      return apiError(error);
    }
    if (answer.check.ok) {
      log.info({ attempt, usage: answer.usage, phases: answer.check.plan.phases.length }, "planner wrote a plan");
      return { ok: true, plan: answer.check.plan };
    }
    errors = answer.check.errors;
    log.warn({ attempt, usage: answer.usage, errors }, "planner answer is not a valid plan");
    messages.push(
      { role: "assistant", content: answer.text === "" ? "(no answer)" : answer.text },
      { role: "user", content: retryRequest(errors) },
    );
  }
  return { ok: false, reason: "invalid", errors };
}

/** One answer: its text, the check of it, and the tokens it cost (logged, for the task's accounting). */
interface Answer {
  text: string;
  check: PlanCheck;
  usage: { input_tokens: number; output_tokens: number };
}

async function ask(
  anthropic: Anthropic,
  model: string,
  system: string,
  messages: MessageParam[],
  maxModules: number | undefined,
): Promise<Answer> {
  // The SDK's helper turns the zod schema into the JSON Schema the API constrains decoding with; our
  // `parse` keeps the text and reports problems instead of throwing, so they can go back to the model.
  const format = { ...zodOutputFormat(PlannerPlan), parse: (text: string) => checkPlanText(text, maxModules) };
  const message = await anthropic.messages.parse({
    model,
    max_tokens: MAX_TOKENS,
    system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }],
    messages,
    output_config: { format },
  });
  const text = message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
  const usage = { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens };
  const stopped = stopProblem(message.stop_reason);
  if (message.parsed_output === null || stopped !== null) {
    const problems = message.parsed_output?.ok === false ? message.parsed_output.errors : [];
    return { text, usage, check: { ok: false, errors: [stopped ?? "the answer has no text", ...problems] } };
  }
  return { text, usage, check: message.parsed_output };
}

function stopProblem(reason: string | null): string | null {
  if (reason === "max_tokens") return `the answer was cut off at ${MAX_TOKENS} tokens: write a shorter plan`;
  if (reason === "refusal") return "the answer was a refusal";
  return null;
}

function retryRequest(errors: readonly string[]): string {
  return [
    "That plan cannot be used. Problems:",
    ...errors.map((error) => `- ${error}`),
    "",
    "Answer again with the whole corrected plan.",
  ].join("\n");
}

function apiError(error: APIError): PlanOutcome {
  const status = error.status;
  const retryable = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
  return { ok: false, reason: "api_error", message: error.message, status, retryable };
}
