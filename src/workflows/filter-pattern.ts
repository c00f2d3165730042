/**
 * GitHub Actions' filter patterns for `branches`, `branches-ignore`, `paths` and `paths-ignore`, as the
 * "Filter pattern cheat sheet" of GitHub's workflow syntax reference defines them:
 *
 * - `*` matches zero or more characters but not `/`; `**` matches zero or more of any character, and a
 *   `**` followed by `/` may also match nothing (`**\/README.md` matches `README.md` at the root).
 * - `?` matches zero or one of the preceding character; `+` one or more of the preceding character.
 * - `[...]` matches one character listed or in a range (`a-z`, `A-Z`, `0-9`).
 * - `\` escapes the next character, so `feature\*` matches only `feature*`.
 * - `!` at the start of a pattern negates the patterns before it; elsewhere it is literal.
 *
 * Pure: no I/O. Compiled patterns are cached because the sandbox matches every changed path of every push.
 */

/** A compiled pattern: the expression and whether it excludes (`!`). */
export interface FilterPattern {
  source: string;
  negated: boolean;
  regex: RegExp;
}

const cache = new Map<string, FilterPattern>();

/** Compiles one pattern; throws an `Error` naming the pattern when GitHub would reject it too. */
export function compilePattern(source: string): FilterPattern {
  const cached = cache.get(source);
  if (cached) return cached;
  const negated = source.startsWith("!");
  const body = negated ? source.slice(1) : source;
  let out = "";
  // Whether the last emitted piece can take a `?`/`+` quantifier (a character, class or escape).
  let quantifiable = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i] ?? "";
    if (char === "\\") {
      const next = body[i + 1];
      if (next === undefined) throw new Error(`pattern "${source}" ends with a lone backslash`);
      out += escapeChar(next);
      i++;
      quantifiable = true;
    } else if (char === "*") {
      if (body[i + 1] === "*") {
        const atSegmentStart = i === 0 || body[i - 1] === "/";
        if (atSegmentStart && body[i + 2] === "/") {
          out += "(?:.*/)?";
          i += 2;
        } else {
          out += ".*";
          i++;
        }
      } else {
        out += "[^/]*";
      }
      quantifiable = false;
    } else if ((char === "?" || char === "+") && quantifiable) {
      out += char;
      quantifiable = false;
    } else if (char === "[") {
      const end = body.indexOf("]", i + 1);
      if (end === -1) throw new Error(`pattern "${source}" has a "[" without its "]"`);
      const inside = body.slice(i + 1, end);
      if (inside === "" || !/^(?:[A-Za-z0-9](?:-[A-Za-z0-9])?|[^\]\\-])+$/.test(inside)) {
        throw new Error(`pattern "${source}" has a bracket expression "[${inside}]" GitHub does not accept`);
      }
      out += `[${inside.replace(/[\\^]/g, "\\$&")}]`;
      i = end;
      quantifiable = true;
    } else {
      out += escapeChar(char);
      quantifiable = true;
    }
  }
  const compiled = { source, negated, regex: new RegExp(`^${out}$`) };
  cache.set(source, compiled);
  return compiled;
}

const escapeChar = (char: string): string => char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * Whether `value` is selected by an ordered list of patterns: a positive pattern that matches selects it,
 * a later `!pattern` that matches drops it again, a later positive one takes it back (the last matching
 * pattern decides, as GitHub documents for `branches` and `paths`).
 */
export function matchesFilters(patterns: readonly string[], value: string): boolean {
  let selected = false;
  for (const source of patterns) {
    const pattern = compilePattern(source);
    if (pattern.regex.test(value)) selected = !pattern.negated;
  }
  return selected;
}

/** The pattern's problem, or null when GitHub would accept it. */
export function patternProblem(source: string): string | null {
  try {
    compilePattern(source);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
