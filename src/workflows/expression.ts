/**
 * A small evaluator for a job's `if:` (GitHub Actions expressions), enough to answer "does this job run for
 * this pull-request event?" for the forms repositories write around drafts and events:
 * `!github.event.pull_request.draft`, `github.event.pull_request.draft == false`,
 * `github.event_name != 'push' && ...`, `contains(...)`, `always()`. What it cannot know (labels, a
 * previous job's outputs, variables) is `unknown`, and `unknown` spreads through `&&`/`||` only as far as
 * it must (`false && unknown` is false). Pure.
 */

/** What the evaluator knows about the run: context paths (`github.event_name`) to values. */
export type ExpressionContext = ReadonlyMap<string, string | number | boolean | null>;

/** The outcome of a condition: it holds, it does not, or it depends on something not known here. */
export type Truth = true | false | "unknown";

const UNKNOWN = Symbol("unknown");
type Value = string | number | boolean | null | typeof UNKNOWN;

type Token =
  | { kind: "op"; text: string }
  | { kind: "lit"; value: string | number | boolean | null }
  | { kind: "path"; text: string };

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", ","];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === "'") {
      let value = "";
      i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") break;
        else value += text[i++];
      }
      if (text[i] !== "'") throw new Error("unterminated string");
      i++;
      tokens.push({ kind: "lit", value });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op });
      i += op.length;
      continue;
    }
    const word = /^[A-Za-z0-9_.*-]+/.exec(text.slice(i))?.[0];
    if (!word) throw new Error(`unexpected "${char}"`);
    i += word.length;
    if (word === "true" || word === "false") tokens.push({ kind: "lit", value: word === "true" });
    else if (word === "null") tokens.push({ kind: "lit", value: null });
    else if (/^-?(?:\d+\.?\d*|0x[0-9a-fA-F]+)$/.test(word)) tokens.push({ kind: "lit", value: Number(word) });
    else tokens.push({ kind: "path", text: word });
  }
  return tokens;
}

const truthy = (value: Value): Truth =>
  value === UNKNOWN ? "unknown" : !(value === false || value === null || value === 0 || value === "");

const fromTruth = (truth: Truth): Value => (truth === "unknown" ? UNKNOWN : truth);

function toNumber(value: Exclude<Value, typeof UNKNOWN>): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null) return 0;
  return value.trim() === "" ? 0 : Number(value);
}

/** GitHub's loose equality: strings compare case-insensitively, mixed types compare as numbers. */
function equal(a: Value, b: Value): Value {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
  ) {}

  parse(): Value {
    const value = this.or();
    if (this.at < this.tokens.length) throw new Error("unexpected text after the expression");
    return value;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.at];
    return token?.kind === "op" && token.text === text;
  }

  private or(): Value {
    let left = this.and();
    while (this.peek("||")) {
      this.at++;
      const right = this.and();
      const l = truthy(left);
      left = l === true ? left : l === false ? right : truthy(right) === true ? right : UNKNOWN;
    }
    return left;
  }

  private and(): Value {
    let left = this.comparison();
    while (this.peek("&&")) {
      this.at++;
      const right = this.comparison();
      const l = truthy(left);
      left = l === false ? left : l === true ? right : truthy(right) === false ? right : UNKNOWN;
    }
    return left;
  }

  private comparison(): Value {
    let left = this.unary();
    for (;;) {
      const op = ["==", "!=", "<", ">", "<=", ">="].find((o) => this.peek(o));
      if (!op) return left;
      this.at++;
      const right = this.unary();
      if (op === "==") left = equal(left, right);
      else if (op === "!=") left = fromTruth(notTruth(truthy(equal(left, right))));
      else if (left === UNKNOWN || right === UNKNOWN) left = UNKNOWN;
      else {
        const [a, b] = [toNumber(left), toNumber(right)];
        left = op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : a >= b;
      }
    }
  }

  private unary(): Value {
    if (this.peek("!")) {
      this.at++;
      return fromTruth(notTruth(truthy(this.unary())));
    }
    return this.primary();
  }

  private primary(): Value {
    const token = this.tokens[this.at++];
    if (!token) throw new Error("the expression ends early");
    if (token.kind === "lit") return token.value;
    if (token.kind === "op") {
      if (token.text !== "(") throw new Error(`unexpected "${token.text}"`);
      const value = this.or();
      if (!this.peek(")")) throw new Error('missing ")"');
      this.at++;
      return value;
    }
    if (this.peek("(")) return this.call(token.text);
    return this.context.has(token.text) ? (this.context.get(token.text) ?? null) : UNKNOWN;
  }

  private call(name: string): Value {
    this.at++;
    const args: Value[] = [];
    while (!this.peek(")")) {
      args.push(this.or());
      if (this.peek(",")) this.at++;
      else if (!this.peek(")")) throw new Error(`missing ")" after ${name}(`);
    }
    this.at++;
    return callFunction(name.toLowerCase(), args);
  }
}

const notTruth = (truth: Truth): Truth => (truth === "unknown" ? "unknown" : !truth);

function callFunction(name: string, args: Value[]): Value {
  // Status functions at job level: nothing before the job failed or was cancelled.
  if (name === "always" || name === "success") return true;
  if (name === "failure" || name === "cancelled") return false;
  const [a, b] = args;
  if (a === UNKNOWN || b === UNKNOWN || a === undefined || b === undefined) return UNKNOWN;
  const [x, y] = [String(a ?? "").toLowerCase(), String(b ?? "").toLowerCase()];
  if (name === "contains") return x.includes(y);
  if (name === "startswith") return x.startsWith(y);
  if (name === "endswith") return x.endsWith(y);
  return UNKNOWN;
}

/** The `${{ … }}` wrapper around a whole `if:`, which GitHub allows and strips. */
function unwrap(text: string): string {
  const match = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  return match?.[1] ?? text;
}

/**
 * Evaluates a job's `if:` text against what is known. An expression this evaluator cannot read is
 * `unknown` (never an exception): GitHub's own parser is the judge of syntax.
 */
export function evaluateCondition(text: string, context: ExpressionContext): Truth {
  try {
    return truthy(new Parser(tokenize(unwrap(text)), context).parse());
  } catch {
    return "unknown";
  }
}

/** Whether the condition reads the draft flag at all (so a finding can say that drafts are why). */
export const mentionsDraft = (text: string): boolean => /pull_request\.draft\b/.test(text);
