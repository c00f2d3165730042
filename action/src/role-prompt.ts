import type { Brief } from "../../src/protocol/brief.js";
import { sanitize } from "../../src/protocol/sanitize.js";
import { SYSTEM_PROMPT } from "./prompt.js";

/**
 * The system prompt of an attempt: the executor's own, then the module's specialist role when it has one
 * (docs/spec-format.md#roles). The role is fixed for the whole attempt, so the prompt stays byte-identical
 * on every turn and is cached with the tool definitions; attempts of one role share the same cached prefix.
 */
export function systemPrompt(brief: Brief): string {
  if (brief.role === undefined) return SYSTEM_PROMPT;
  return `${SYSTEM_PROMPT}\n\nYour role for this module: ${brief.role.name}.\n${sanitize(brief.role.brief)}`;
}
