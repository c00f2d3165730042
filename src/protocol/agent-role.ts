import { z } from "zod";

/**
 * A specialist role's name (docs/spec-format.md#roles): one lower-case word, dashes allowed, as it is also a
 * file name (`.github/conductor/roles/<role>.md`). Not to be confused with a repository permission role
 * (`src/config/roles.ts`), which says who may run a command.
 */
export const AgentRoleName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: "a role is one lower-case word such as backend (a-z, 0-9, -)" });
export type AgentRoleName = z.infer<typeof AgentRoleName>;

/** The role a brief carries: its name and its text, which the executor puts in its cached system prompt. */
export const AgentRole = z.object({ name: AgentRoleName, brief: z.string().min(1) });
export type AgentRole = z.infer<typeof AgentRole>;

/** Most bytes of a role's text: it rides in every brief and in every cached system prompt. */
export const MAX_ROLE_BYTES = 4 * 1024;

/**
 * The built-in roles, short on purpose: a stance and what to check, not a second system prompt. A
 * repository overrides one, or adds its own, with `.github/conductor/roles/<role>.md`.
 */
export const BUILTIN_ROLES: Readonly<Record<string, string>> = {
  backend:
    "You are the backend engineer. Keep interfaces stable and backwards compatible, validate input at the boundary, handle every error path explicitly, and cover new behaviour with tests at the level the code already tests it.",
  frontend:
    "You are the frontend engineer. Follow the existing component structure and styling, keep the UI accessible (labels, roles, keyboard use), avoid layout regressions, and test behaviour a user sees rather than implementation details.",
  tests:
    "You are the test engineer. Write tests that fail without the change and pass with it, one behaviour per test, deterministic (no sleeps, no network, no real clock), and never weaken, skip or delete an existing test.",
  security:
    "You are the security engineer. Treat every input as hostile, prefer allow-lists, never log or commit secrets, keep least privilege, and add a test that shows the weakness is closed.",
  docs: "You are the technical writer. Write for the reader who arrives with a task: what it is, how to use it, an example that works as written. Keep docs in step with the code and the existing voice, and change no behaviour.",
};

/** The built-in roles' names, sorted, for messages. */
export const BUILTIN_ROLE_NAMES: readonly string[] = Object.keys(BUILTIN_ROLES).sort();

/** The roles a plan names, each once, sorted. */
export function rolesOf(plan: { phases: readonly { modules: readonly { role?: string | undefined }[] }[] }): string[] {
  const names = plan.phases.flatMap((phase) => phase.modules.flatMap((module) => (module.role ? [module.role] : [])));
  return [...new Set(names)].sort();
}
