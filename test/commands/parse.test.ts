import { describe, expect, test } from "vitest";
import { Command, type ParsedComment } from "../../src/commands/command.js";
import { ONE_COMMAND_PER_COMMENT, parseComment, USAGE } from "../../src/commands/parse.js";

const cmd = (command: Command): ParsedComment => ({ kind: "command", command });
const none: ParsedComment = { kind: "none" };

describe("a command is a visible line of its own", () => {
  test.each<[string, string, ParsedComment]>([
    ["bare", "/retry", cmd({ name: "retry", note: null })],
    ["upper case", "/RETRY", cmd({ name: "retry", note: null })],
    ["mixed case with a dash", "/Approve-Plan", cmd({ name: "approve-plan" })],
    ["surrounding whitespace", "  /status  \t", cmd({ name: "status" })],
    ["a tab after two spaces is indented code", "  \t/status", none],
    ["among prose", "Thanks!\n\n/help\n\nCheers", cmd({ name: "help" })],
    ["/reset, any case", "/Reset", cmd({ name: "reset" })],
    ["CRLF line breaks", "hi\r\n/abort\r\nbye", cmd({ name: "abort", reason: null })],
    ["old Mac line breaks", "hi\r/status\r", cmd({ name: "status" })],
    ["under a quote without `>` (lazy continuation)", "> you said\n/status", cmd({ name: "status" })],
    ["after a closed fence", "```\ncode\n```\n/status", cmd({ name: "status" })],
    ["after a closed HTML comment", "<!-- template -->\n/status", cmd({ name: "status" })],
    ["three spaces of indent", "   /status", cmd({ name: "status" })],
  ])("%s", (_, body, expected) => {
    expect(parseComment(body)).toEqual(expected);
  });

  test.each<[string, string]>([
    ["empty", ""],
    ["prose", "Looks good to me"],
    ["inline code in a sentence", "please run `/retry` when ready"],
    ["mid-sentence", "I will /retry later"],
    ["a list item", "- /retry"],
    ["block quote", "> /retry"],
    ["nested block quote", "> > /abort"],
    ["indented quote", "  > /abort"],
    ["backtick fence", "```\n/retry\n```"],
    ["tilde fence", "~~~\n/retry\n~~~"],
    ["long fence closed only by a long enough fence", "`````\n```\n/retry\n```\n`````"],
    ["tilde fence not closed by backticks", "~~~\n```\n/retry\n~~~"],
    ["fence with an info string", "```bash\n/retry\n```"],
    ["indented fence", "  ```\n/retry\n  ```"],
    ["unclosed fence runs to the end", "```\n/retry"],
    ["indented code (4 spaces)", "    /retry"],
    ["indented code (tab)", "\t/retry"],
    ["inside an HTML comment", "<!--\n/retry\n-->"],
    ["after an unclosed comment opener", "text <!-- hidden\n/abort\n-->"],
    ["one-line inline code with triple backticks", "```/retry```"],
    ["unknown word", "/lgtm"],
    ["another bot's command", "/assign @octocat"],
    ["name glued to punctuation", "/retry."],
    ["name glued to a suffix", "/retry-all"],
    ["a path", "/usr/bin/env is missing"],
    ["slash only", "/"],
  ])("not a command: %s", (_, body) => {
    expect(parseComment(body)).toEqual(none);
  });

  test("an unknown /word does not hide a known one", () => {
    expect(parseComment("/lgtm\n/approve-plan")).toEqual(cmd({ name: "approve-plan" }));
  });

  test("inline triple backticks do not open a fence that would hide later lines", () => {
    expect(parseComment("```/retry```\n/status")).toEqual(cmd({ name: "status" }));
  });
});

describe("one state-changing command per comment", () => {
  test.each<[string, string, ParsedComment]>([
    ["/status then /retry: the state change wins", "/status\n/retry", cmd({ name: "retry", note: null })],
    ["/retry then /help: the state change wins", "/retry\n\n/help", cmd({ name: "retry", note: null })],
    ["/help then /status: the first", "/help\n/status", cmd({ name: "help" })],
    ["a malformed /status beside a /retry is ignored", "/status now\n/retry", cmd({ name: "retry", note: null })],
    ["a quoted /abort does not count", "> /abort\n/retry", cmd({ name: "retry", note: null })],
  ])("%s", (_, body, expected) => {
    expect(parseComment(body)).toEqual(expected);
  });

  test.each<[string, string, string]>([
    ["two different", "/retry\n/abort", "retry"],
    ["the same twice", "/approve-plan\n/approve-plan", "approve-plan"],
    ["apart, with a read-only one between", "/rollback\n\n/status\n\n/retry", "rollback"],
  ])("two state-changing commands are malformed: %s", (_, body, name) => {
    expect(parseComment(body)).toEqual({ kind: "malformed", name, usage: ONE_COMMAND_PER_COMMENT });
  });
});

describe("arguments", () => {
  test.each<[string, string, ParsedComment]>([
    ["retry note on the line", "/retry   flaky network  ", cmd({ name: "retry", note: "flaky network" })],
    [
      "retry note runs to the blank line",
      "/retry use the v2 API\nand keep the old one\n\nunrelated",
      cmd({ name: "retry", note: "use the v2 API\nand keep the old one" }),
    ],
    ["retry note starting on the next line", "/retry\nsee the log", cmd({ name: "retry", note: "see the log" })],
    ["retry note stops at the next command", "/retry a\nb\n/status", cmd({ name: "retry", note: "a\nb" })],
    [
      "a fence in the note keeps its blank lines",
      "/retry it fails:\n```\nline 1\n\nline 3\n```\n\nthanks",
      cmd({ name: "retry", note: "it fails:\n```\nline 1\n\nline 3\n```" }),
    ],
    ["rollback alone", "/rollback", cmd({ name: "rollback", phase: null })],
    ["rollback phase-2", "/rollback phase-2", cmd({ name: "rollback", phase: 2 })],
    ["rollback phase 12", "/rollback phase 12", cmd({ name: "rollback", phase: 12 })],
    ["rollback PHASE-3", "/ROLLBACK PHASE-3", cmd({ name: "rollback", phase: 3 })],
    ["abort reason", "/abort wrong approach", cmd({ name: "abort", reason: "wrong approach" })],
    ["abort reason is the line only", "/abort no\nmore text", cmd({ name: "abort", reason: "no" })],
    ["rollback ignores the prose below it", "/rollback\nsorry about this", cmd({ name: "rollback", phase: null })],
  ])("%s", (_, body, expected) => {
    expect(parseComment(body)).toEqual(expected);
  });

  test.each<[string, string]>([
    ["rollback", "/rollback 2"],
    ["rollback", "/rollback phase-0"],
    ["rollback", "/rollback phase-two"],
    ["rollback", "/rollback phase-2 please"],
    ["rollback", "/rollback phase--2"],
    ["rollback", "/rollback phase-99999999999999999999"],
    ["approve-plan", "/approve-plan now"],
    ["status", "/status please"],
    ["help", "/help me"],
    ["reset", "/reset everything"],
  ])("malformed %s: %s", (name, body) => {
    const parsed = parseComment(body);
    expect(parsed).toMatchObject({ kind: "malformed", name });
    expect(parsed.kind === "malformed" && parsed.usage).toContain(USAGE[name as keyof typeof USAGE]);
  });
});

describe("the /retry note is capped at 2048 bytes of UTF-8", () => {
  const cases: [string, string, boolean][] = [
    ["2048 ASCII bytes", "a".repeat(2048), true],
    ["2049 ASCII bytes", "a".repeat(2049), false],
    ["1024 two-byte characters (2048 bytes)", "é".repeat(1024), true],
    ["1024 two-byte characters and one more byte", `${"é".repeat(1024)}a`, false],
    ["512 four-byte emoji (2048 bytes)", "🚀".repeat(512), true],
    ["682 three-byte characters and two bytes (2048)", `${"€".repeat(682)}ab`, true],
    ["682 three-byte characters and three bytes (2049)", `${"€".repeat(682)}abc`, false],
  ];
  test.each(cases)("%s", (_, note, fits) => {
    const parsed = parseComment(`/retry ${note}`);
    if (fits) {
      expect(parsed).toEqual(cmd({ name: "retry", note }));
      expect(Command.safeParse(parsed.kind === "command" && parsed.command).success).toBe(true);
    } else {
      expect(parsed).toMatchObject({ kind: "malformed", name: "retry" });
      expect(parsed.kind === "malformed" && parsed.usage).toMatch(/2049 bytes.*2048 bytes/);
    }
  });

  test("lines below the command count towards the cap", () => {
    expect(parseComment(`/retry ${"a".repeat(1000)}\n${"b".repeat(1048)}`)).toMatchObject({ kind: "malformed" });
    expect(parseComment(`/retry ${"a".repeat(1000)}\n${"b".repeat(1047)}`)).toMatchObject({ kind: "command" });
  });

  test("the /abort reason has the same cap", () => {
    expect(parseComment(`/abort ${"x".repeat(2048)}`)).toMatchObject({ kind: "command" });
    expect(parseComment(`/abort ${"x".repeat(2049)}`)).toMatchObject({ kind: "malformed", name: "abort" });
  });
});
