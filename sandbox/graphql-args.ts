/** A field invocation found in a GraphQL document: `name(args)`, args evaluated with the variables. */
export interface FieldCall {
  name: string;
  args: Record<string, unknown>;
}

type Token = { kind: "punct" | "string" | "name" | "number" | "var"; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|#[^\n]*|,|(\.\.\.|[{}[\]():!=@])|"((?:[^"\\]|\\.)*)"|\$([A-Za-z_]\w*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)/y;
  while (re.lastIndex < source.length) {
    const at = re.lastIndex;
    const m = re.exec(source);
    if (!m) {
      re.lastIndex = at + 1;
      continue;
    }
    if (m[1]) tokens.push({ kind: "punct", value: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: "string", value: JSON.parse(`"${m[2]}"`) });
    else if (m[3]) tokens.push({ kind: "var", value: m[3] });
    else if (m[4]) tokens.push({ kind: "number", value: m[4] });
    else if (m[5]) tokens.push({ kind: "name", value: m[5] });
  }
  return tokens;
}

/**
 * Finds every field called with arguments in a GraphQL document (`markPullRequestReadyForReview(input:
 * {pullRequestId: $id})`, `ref(qualifiedName: "refs/heads/main")`) and evaluates the arguments.
 * Enough GraphQL for the handful of operations the sandbox answers; not a general parser.
 */
export function fieldCalls(query: string, variables: Record<string, unknown>): FieldCall[] {
  const tokens = tokenize(query);
  const calls: FieldCall[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const value = (): unknown => {
    const t = tokens[i++];
    if (!t) return undefined;
    if (t.kind === "var") return variables[t.value];
    if (t.kind === "string") return t.value;
    if (t.kind === "number") return Number(t.value);
    if (t.kind === "name")
      return t.value === "true" ? true : t.value === "false" ? false : t.value === "null" ? null : t.value;
    if (t.value === "[") {
      const list: unknown[] = [];
      while (peek() && peek()?.value !== "]") {
        list.push(value());
      }
      i++;
      return list;
    }
    if (t.value === "{") {
      const object: Record<string, unknown> = {};
      while (peek() && peek()?.value !== "}") {
        const key = tokens[i++]?.value ?? "";
        i++; // ':'
        object[key] = value();
      }
      i++;
      return object;
    }
    return undefined;
  };
  let depth = 0;
  while (i < tokens.length) {
    const t = tokens[i++];
    if (!t) break;
    if (t.value === "{") depth++;
    else if (t.value === "}") depth--;
    else if (t.kind === "name" && peek()?.value === "(" && depth > 0) {
      i++;
      const args: Record<string, unknown> = {};
      while (peek() && peek()?.value !== ")") {
        const key = tokens[i++]?.value ?? "";
        i++; // ':'
        args[key] = value();
      }
      i++;
      calls.push({ name: t.value, args });
    } else if (t.kind === "name" && peek()?.value === "(") {
      // The operation's variable definitions: skip to the closing parenthesis.
      while (i < tokens.length && tokens[i]?.value !== ")") i++;
      i++;
    }
  }
  return calls;
}
