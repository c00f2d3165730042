import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { Redact } from "./redact.js";

/**
 * One line of an attempt's transcript (`<artifact dir>/transcript.jsonl`, DESIGN §8): enough to see
 * what the model was given, what it asked for, what each tool answered and what it cost, turn by turn.
 * Each line is redacted as a whole before it is written; tool outputs are the capped text the model saw.
 */
export type TranscriptEvent =
  | {
      type: "start";
      /** Which engine did the work (DESIGN §8): `builtin`, `claude-code` or `codex`. */
      engine: string;
      model: string;
      max_tokens: number;
      thinking: string;
      context_window: number;
      /** Repository instruction files in the cached prefix, with their size as sent. */
      instructions: { path: string; chars: number; truncated: boolean }[];
      tools: string[];
    }
  | {
      type: "request";
      turn: number;
      /** The messages this request added to the previous one (the first request: the brief). */
      new_messages: unknown[];
      /** Old tool outputs cleared before this request to stay inside the context window. */
      cleared_tool_results: number;
      estimated_prompt_tokens: number;
      tool_choice?: string;
    }
  | {
      type: "response";
      turn: number;
      ms: number;
      stop_reason: string | null;
      content: unknown[];
      usage: Record<string, unknown>;
    }
  | { type: "tool"; turn: number; name: string; input: unknown; output: string; is_error: boolean }
  | { type: "end"; stop: string; detail?: string; turns: number };

/** Where an attempt's transcript goes; `write` never throws (a transcript is evidence, not the work). */
export interface TranscriptSink {
  write(event: TranscriptEvent): void;
  /** The digest of what was written so far, for the result comment. */
  digest(): TranscriptDigest;
}

/** What the result comment shows from the transcript (render-result.ts). */
export interface TranscriptDigest {
  engine: string | null;
  model: string | null;
  instructions: string[];
  /** The last few tool calls, oldest first. */
  lastCalls: { name: string; summary: string; isError: boolean }[];
  /** The last `run_command` that failed, with the tail of what it printed. */
  failingCommand: { command: string; status: string; tail: string } | null;
}

const LAST_CALLS = 5;

/** The attempt's transcript: to `file` when there is one, else in memory (its digest still feeds the comment). */
export function attemptTranscript(
  file: string | null,
  redact: Redact,
  onError: (error: unknown) => void,
): TranscriptSink {
  return file ? fileTranscript(file, redact, onError) : memoryTranscript();
}

/** A transcript appended line by line to `file` (so a crash keeps what came before), redacted. */
export function fileTranscript(file: string, redact: Redact, onError: (error: unknown) => void): TranscriptSink {
  let broken = false;
  const digest = createDigest();
  return {
    write(event) {
      digest.add(event);
      if (broken) return;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        appendFileSync(file, `${redact(JSON.stringify({ at: new Date().toISOString(), ...event }))}\n`);
      } catch (error) {
        broken = true;
        onError(error);
      }
    },
    digest: () => digest.read(redact),
  };
}

/** A transcript kept in memory (tests, the benchmark). */
export function memoryTranscript(): TranscriptSink & { events: TranscriptEvent[] } {
  const events: TranscriptEvent[] = [];
  const digest = createDigest();
  return {
    events,
    write(event) {
      events.push(event);
      digest.add(event);
    },
    digest: () => digest.read((text) => text),
  };
}

/** Folds events into a digest as they come. */
export function createDigest() {
  const state: TranscriptDigest = { engine: null, model: null, instructions: [], lastCalls: [], failingCommand: null };
  return {
    add(event: TranscriptEvent): void {
      if (event.type === "start") {
        state.engine = event.engine;
        state.model = event.model;
        state.instructions = event.instructions.map((i) => i.path);
      }
      if (event.type !== "tool") return;
      state.lastCalls = [
        ...state.lastCalls,
        { name: event.name, summary: summarize(event.input), isError: event.is_error },
      ].slice(-LAST_CALLS);
      const command = commandOf(event.input);
      const status = event.output.split("\n", 1)[0] ?? "";
      if (event.name === "run_command" && command !== null && status !== "exit code 0") {
        state.failingCommand = { command, status, tail: tailOf(event.output) };
      }
    },
    read(redact: Redact): TranscriptDigest {
      const r = (text: string) => stripVTControlCharacters(redact(text));
      return {
        engine: state.engine,
        model: state.model,
        instructions: state.instructions,
        lastCalls: state.lastCalls.map((c) => ({ ...c, summary: r(c.summary) })),
        failingCommand: state.failingCommand && {
          command: r(state.failingCommand.command),
          status: state.failingCommand.status,
          tail: r(state.failingCommand.tail),
        },
      };
    },
  };
}

function commandOf(input: unknown): string | null {
  return typeof input === "object" && input !== null && "command" in input && typeof input.command === "string"
    ? input.command
    : null;
}

/** One line describing a tool call's input: its path or command, else its JSON, shortened. */
function summarize(input: unknown): string {
  if (typeof input === "object" && input !== null) {
    for (const key of ["command", "path", "pattern"]) {
      const value = (input as Record<string, unknown>)[key];
      if (typeof value === "string") return value.replace(/\s+/g, " ").slice(0, 120);
    }
  }
  return JSON.stringify(input ?? {}).slice(0, 120);
}

function tailOf(output: string): string {
  const lines = output.split("\n").slice(1);
  const last = lines.slice(-30).join("\n");
  return last.length > 3000 ? last.slice(last.length - 3000) : last;
}
