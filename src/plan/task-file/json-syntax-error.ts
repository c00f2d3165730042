/**
 * Where a JSON text stops being JSON, as `line L, column C: …`. Node 20's `JSON.parse` names no position
 * (`Unexpected token '}', "…" is not valid JSON`), so a small recursive-descent reader finds it; it is
 * only called after `JSON.parse` failed, so it never has to build values.
 */
export function jsonSyntaxError(text: string): string {
  const reader = new Reader(text);
  let problem: string;
  try {
    reader.value();
    reader.space();
    problem = reader.at < text.length ? "unexpected text after the JSON value" : "not valid JSON";
  } catch (error) {
    problem = error instanceof SyntaxProblem ? error.message : String(error);
  }
  const before = text.slice(0, reader.at);
  const line = before.split("\n").length;
  const column = reader.at - (before.lastIndexOf("\n") + 1) + 1;
  return `line ${line}, column ${column}: the task file is not valid JSON: ${problem}`;
}

class SyntaxProblem extends Error {}

const LITERALS = ["true", "false", "null"];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  space(): void {
    while (/[ \t\r\n]/.test(this.text[this.at] ?? "")) this.at += 1;
  }

  fail(message: string): never {
    throw new SyntaxProblem(message);
  }

  value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === undefined) this.fail("the text ends where a value should be");
    if (char === "{") this.object();
    else if (char === "[") this.array();
    else if (char === '"') this.string();
    else this.scalar(char);
  }

  scalar(char: string): void {
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.at));
    if (literal !== undefined) {
      this.at += literal.length;
      return;
    }
    NUMBER.lastIndex = this.at;
    if (NUMBER.exec(this.text) !== null) {
      this.at = NUMBER.lastIndex;
      return;
    }
    this.fail(`unexpected ${JSON.stringify(char)} where a value should be`);
  }

  string(): void {
    this.at += 1;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail("a string is not closed");
      if (char === '"') break;
      if (char === "\\") {
        ESCAPE.lastIndex = this.at;
        if (ESCAPE.exec(this.text) === null) this.fail("a bad escape in a string");
        this.at = ESCAPE.lastIndex;
        continue;
      }
      if (char < " ") this.fail("a control character (such as a raw line break) in a string");
      this.at += 1;
    }
    this.at += 1;
  }

  object(): void {
    this.at += 1;
    this.space();
    if (this.text[this.at] === "}") {
      this.at += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail("expected a quoted key");
      this.string();
      this.space();
      if (this.text[this.at] !== ":") this.fail('expected ":" after the key');
      this.at += 1;
      this.value();
      this.space();
      if (this.text[this.at] === "}") {
        this.at += 1;
        return;
      }
      if (this.text[this.at] !== ",") this.fail('expected "," or "}" (is a comma missing?)');
      this.at += 1;
      this.space();
      if (this.text[this.at] === "}") this.fail('a trailing comma before "}"');
    }
  }

  array(): void {
    this.at += 1;
    this.space();
    if (this.text[this.at] === "]") {
      this.at += 1;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      if (this.text[this.at] === "]") {
        this.at += 1;
        return;
      }
      if (this.text[this.at] !== ",") this.fail('expected "," or "]" (is a comma missing?)');
      this.at += 1;
      this.space();
      if (this.text[this.at] === "]") this.fail('a trailing comma before "]"');
    }
  }
}
