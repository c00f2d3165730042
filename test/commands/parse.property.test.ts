import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Command } from "../../src/commands/command.js";
import { parseComment } from "../../src/commands/parse.js";

/** Lines that look like commands, so the generators hit the interesting cases often. */
const commandish = fc.constantFrom(
  "/retry",
  "/RETRY a note",
  "/rollback phase-2",
  "/rollback 2",
  "/approve-plan",
  "/abort because",
  "/status",
  "/help",
  "/lgtm",
  "  /status  ",
);
const line = fc.oneof(commandish, fc.string({ maxLength: 40 }), fc.constantFrom("", "> quote", "```", "~~~~", "<!--"));
const body = fc.array(line, { maxLength: 12 }).map((lines) => lines.join("\n"));

describe("parseComment properties", () => {
  test("never throws and always returns a valid result", () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.string({ unit: "grapheme", maxLength: 300 })), (text) => {
        const parsed = parseComment(text);
        if (parsed.kind === "command") expect(Command.safeParse(parsed.command).success).toBe(true);
        if (parsed.kind === "malformed") expect(parsed.usage.length).toBeGreaterThan(0);
      }),
    );
  });

  test("any text inside a code fence never yields a command", () => {
    fc.assert(
      fc.property(body, fc.constantFrom("`", "~"), fc.string({ maxLength: 10 }), (inner, char, info) => {
        // A fence longer than any run of its character inside cannot be closed early.
        const longest = Math.max(0, ...(inner.match(char === "`" ? /`+/g : /~+/g) ?? []).map((run) => run.length));
        const fence = char.repeat(Math.max(3, longest + 1));
        const safeInfo = info.replace(/[`\r\n]/g, "");
        expect(parseComment(`${fence}${safeInfo}\n${inner}\n${fence}`)).toEqual({ kind: "none" });
      }),
    );
  });

  test("quoting every line of a comment leaves no command", () => {
    fc.assert(
      fc.property(body, (inner) => {
        const quoted = inner
          .split(/\r\n|\r|\n/)
          .map((text) => `> ${text}`)
          .join("\n");
        expect(parseComment(quoted)).toEqual({ kind: "none" });
      }),
    );
  });

  test("a command line after a closed fence is still found", () => {
    fc.assert(
      fc.property(body, (inner) => {
        const fence = "`".repeat(Math.max(3, ...(inner.match(/`+/g) ?? []).map((run) => run.length + 1)));
        expect(parseComment(`${fence}\n${inner}\n${fence}\n\n/status`)).toEqual({
          kind: "command",
          command: { name: "status" },
        });
      }),
    );
  });
});
