import { type ClassifiedLine, classifyLines } from "./classify-lines.js";
import { type Command, type CommandName, type ParsedComment, RETRY_NOTE_MAX_BYTES } from "./command.js";
import { COMMAND_NAMES, COMMANDS } from "./table.js";

/** The usage line of each command, e.g. `/retry [note]`, as quoted in the 😕 reply. */
export const USAGE: Readonly<Record<CommandName, string>> = {
  retry: COMMANDS.retry.usage,
  rollback: COMMANDS.rollback.usage,
  "approve-plan": COMMANDS["approve-plan"].usage,
  abort: COMMANDS.abort.usage,
  status: COMMANDS.status.usage,
  help: COMMANDS.help.usage,
  reset: COMMANDS.reset.usage,
};

/** The `/abort` reason lands in several close comments; the same cap as the note keeps them readable. */
export const ABORT_REASON_MAX_BYTES = RETRY_NOTE_MAX_BYTES;

/** The reply when one comment carries two state-changing commands. */
export const ONE_COMMAND_PER_COMMENT =
  "Only one state-changing command (`/retry`, `/rollback`, `/approve-plan`, `/abort`, `/reset`) per comment; " +
  "nothing was done. Post each in a comment of its own.";

interface Found {
  readonly name: CommandName;
  /** The rest of the command's line, trimmed. */
  readonly rest: string;
  readonly index: number;
}

const knownNames: ReadonlySet<string> = new Set(COMMAND_NAMES);

function isCommandName(word: string): word is CommandName {
  return knownNames.has(word);
}

/** A visible line that is exactly `/name` or `/name args`, with a known name (any case). */
function commandOn(line: ClassifiedLine, index: number): Found | null {
  if (line.kind !== "text") return null;
  // The name ends at whitespace: `/retry.` or `/retry-all` is some other word, maybe another bot's.
  const match = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(line.text.trim());
  const word = match?.[1]?.toLowerCase();
  if (word === undefined || !isCommandName(word)) return null;
  return { name: word, rest: (match?.[2] ?? "").trim(), index };
}

const utf8 = new TextEncoder();
const byteLength = (text: string) => utf8.encode(text).length;

function malformed(name: CommandName, problem: string): ParsedComment {
  return { kind: "malformed", name, usage: `${problem} Usage: \`${USAGE[name]}\`` };
}

const command = (value: Command): ParsedComment => ({ kind: "command", command: value });

/**
 * The `/retry` note: the rest of the command's line and the lines below it up to a blank line or the next
 * command, like a paragraph. A code fence opened in the note runs to its close, blank lines included, so
 * a pasted log stays whole.
 */
function retryNote(found: Found, lines: readonly ClassifiedLine[], commands: readonly Found[]): string {
  const next = commands.find((other) => other.index > found.index)?.index ?? lines.length;
  const parts = [found.rest];
  for (let i = found.index + 1; i < next; i++) {
    const line = lines[i];
    if (!line || line.kind === "blank") break;
    parts.push(line.text);
  }
  return parts.join("\n").trim();
}

/** `phase-2` or `phase 2` (any case) → 2; nothing → null; anything else → undefined. */
function rollbackPhase(rest: string): number | null | undefined {
  if (rest === "") return null;
  const match = /^phase(?:-|\s+)(\d+)$/i.exec(rest);
  const phase = Number(match?.[1]);
  return match && Number.isSafeInteger(phase) && phase > 0 ? phase : undefined;
}

function parseFound(found: Found, lines: readonly ClassifiedLine[], commands: readonly Found[]): ParsedComment {
  switch (found.name) {
    case "retry": {
      const note = retryNote(found, lines, commands);
      const bytes = byteLength(note);
      if (bytes > RETRY_NOTE_MAX_BYTES) {
        return malformed("retry", `The note is ${bytes} bytes; at most ${RETRY_NOTE_MAX_BYTES} bytes (UTF-8) fit.`);
      }
      return command({ name: "retry", note: note === "" ? null : note });
    }
    case "rollback": {
      const phase = rollbackPhase(found.rest);
      if (phase === undefined) {
        return malformed("rollback", "`/rollback` takes nothing or a phase such as `phase-2`.");
      }
      return command({ name: "rollback", phase });
    }
    case "abort": {
      const bytes = byteLength(found.rest);
      if (bytes > ABORT_REASON_MAX_BYTES) {
        return malformed("abort", `The reason is ${bytes} bytes; at most ${ABORT_REASON_MAX_BYTES} bytes (UTF-8) fit.`);
      }
      return command({ name: "abort", reason: found.rest === "" ? null : found.rest });
    }
    case "approve-plan":
    case "status":
    case "help":
    case "reset":
      if (found.rest !== "") return malformed(found.name, `\`/${found.name}\` takes no arguments.`);
      return command({ name: found.name });
    default: {
      const exhaustive: never = found.name;
      return exhaustive;
    }
  }
}

/**
 * Reads the command in a comment body (DESIGN §2). A command is a visible line of its own starting with
 * `/name` (any case); lines in code, quotes and HTML comments do not count, and unknown `/words` belong to
 * other bots. A comment takes one state-changing command: with two or more the comment is `malformed` and
 * nothing runs. With one, it wins over `/status` and `/help` in the same comment (its own reply refreshes
 * the dashboard anyway); with none, the first `/status` or `/help` counts. Never throws.
 */
export function parseComment(body: string): ParsedComment {
  const lines = classifyLines(body);
  const commands = lines.flatMap((line, index) => commandOn(line, index) ?? []);
  const stateChanging = commands.filter((found) => COMMANDS[found.name].stateChanging);
  const [first, second] = stateChanging;
  if (first && second) return { kind: "malformed", name: first.name, usage: ONE_COMMAND_PER_COMMENT };
  const chosen = first ?? commands[0];
  return chosen ? parseFound(chosen, lines, commands) : { kind: "none" };
}
