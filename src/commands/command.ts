import { z } from "zod";

/** The most a `/retry` note may carry into a brief (DESIGN §2). */
export const RETRY_NOTE_MAX_BYTES = 2048;

/**
 * A command a maintainer wrote in a comment (DESIGN §2), already parsed. Where it was written (task issue
 * or module PR) and who wrote it travel beside it in the `CommandReceived` event.
 */
export const Command = z.discriminatedUnion("name", [
  z.object({ name: z.literal("retry"), note: z.string().max(RETRY_NOTE_MAX_BYTES).nullable() }),
  /** `phase` is N of `/rollback phase-N`; null means "the module" on a module PR, "the last checkpoint" elsewhere. */
  z.object({ name: z.literal("rollback"), phase: z.number().int().positive().nullable() }),
  z.object({ name: z.literal("approve-plan") }),
  z.object({ name: z.literal("abort"), reason: z.string().nullable() }),
  z.object({ name: z.literal("status") }),
  z.object({ name: z.literal("help") }),
  /** Rebuild an unreadable task record from GitHub (docs/commands.md#reset). */
  z.object({ name: z.literal("reset") }),
]);
export type Command = z.infer<typeof Command>;
export type CommandName = Command["name"];

/** What the parser makes of a comment body. `malformed` carries the usage line to reply with (😕). */
export type ParsedComment =
  | { kind: "command"; command: Command }
  | { kind: "malformed"; name: CommandName; usage: string }
  | { kind: "none" };
