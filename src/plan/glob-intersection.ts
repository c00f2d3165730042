/**
 * Whether two globs (picomatch syntax, with the executor's `dot: true`) can match one same path, and
 * such a path. Each glob is read into a small automaton over characters and the two are walked
 * together (a product construction), so `src/*.ts` and `src/a*` meet at `src/a.ts` though neither is a
 * literal path. Syntax it does not model (extglobs, negation, more than `MAX_EXPANSIONS` brace
 * alternatives) is taken to match anything: for scheduling, a false "they overlap" only costs
 * parallelism, a false "they do not" costs a merge conflict (docs/spec-format.md#overlapping-paths).
 */

type CharTest =
  | { kind: "char"; char: string }
  | { kind: "segment" } // any character but `/`
  | { kind: "any" }
  | { kind: "class"; ranges: Array<[string, string]>; negated: boolean };

interface Nfa {
  /** `edges[state]`: transitions that consume one character. */
  edges: Array<Array<{ test: CharTest; to: number }>>;
  /** `empty[state]`: states reached without consuming anything. */
  empty: number[][];
  accept: number;
}

const MAX_EXPANSIONS = 64;
const UNMODELLED = /(?:^!)|[@!+*?]\(/;

/** A path both globs match, or null when none exists. */
export function globIntersection(a: string, b: string): string | null {
  for (const left of expandBraces(a)) {
    for (const right of expandBraces(b)) {
      const witness = intersect(compile(left), compile(right));
      if (witness !== null) return witness;
    }
  }
  return null;
}

/** `{a,b}` alternatives, nested; `null` entries stand for "anything" (too many, or unmodelled syntax). */
function expandBraces(glob: string): Array<string | null> {
  if (UNMODELLED.test(glob)) return [null];
  const out: string[] = [];
  const work = [glob];
  while (work.length > 0) {
    const next = work.pop() ?? "";
    const group = firstGroup(next);
    if (group === null) out.push(next);
    else for (const option of group.options) work.push(next.slice(0, group.start) + option + next.slice(group.end));
    if (out.length + work.length > MAX_EXPANSIONS) return [null];
  }
  return out;
}

/** The first `{…,…}` (outermost) with its comma-separated options; a brace without a comma is literal. */
function firstGroup(glob: string): { start: number; end: number; options: string[] } | null {
  for (let start = 0; start < glob.length; start++) {
    if (glob[start] === "\\") start++;
    else if (glob[start] === "{") {
      let depth = 0;
      const cuts: number[] = [];
      for (let i = start; i < glob.length; i++) {
        const c = glob[i];
        if (c === "\\") i++;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) {
          if (cuts.length === 0) break;
          const bounds = [start, ...cuts, i];
          const options = bounds.slice(1).map((end, k) => glob.slice((bounds[k] ?? 0) + 1, end));
          return { start, end: i + 1, options };
        } else if (c === "," && depth === 1) cuts.push(i);
      }
    }
  }
  return null;
}

/**
 * The automaton of one brace-free glob; `null` (anything) becomes `**`. A run of whole `**` segments is
 * read as one `**`, as picomatch reads it: `a`, then `/**` twice, matches `a` itself, as `a/**` does.
 */
function compile(glob: string | null): Nfa {
  const source = (glob ?? "**").replace(/(^|\/)\*\*(?:\/\*\*)+(?=\/|$)/g, "$1**");
  const edges: Nfa["edges"] = [];
  const empty: number[][] = [];
  const state = () => {
    edges.push([]);
    empty.push([]);
    return edges.length - 1;
  };
  let at = state();
  /** Where the last star token ended (`/**` after one may not match nothing, as in picomatch). */
  let starEnd = -1;
  const edge = (from: number, test: CharTest, to: number) => edges[from]?.push({ test, to });
  const step = (test: CharTest) => {
    const to = state();
    edge(at, test, to);
    at = to;
  };
  // One or more characters of `test`, from `at`.
  const some = (test: CharTest) => {
    step(test);
    edge(at, test, at);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    const whole = (i === 0 || source[i - 1] === "/") && (i + 2 >= source.length || source[i + 2] === "/");
    if (c === "\\" && i + 1 < source.length) step({ kind: "char", char: source[++i] ?? "" });
    else if (c === "/" && source.slice(i) === "/**") {
      // `a/**` matches `a` and anything under `a/`. As in picomatch, not when the token before the slash
      // is a star: `a*/**` does not match `ab` itself, but `*.js/**` matches `x.js`.
      const before = at;
      const starBefore = starEnd === i - 1;
      step({ kind: "char", char: "/" });
      some({ kind: "any" });
      const end = state();
      empty[at]?.push(end);
      if (!starBefore) empty[before]?.push(end);
      at = end;
      break;
    } else if (c === "*" && source[i + 1] === "*" && whole && source[i + 2] === "/") {
      // `**/` is zero or more whole segments, each with its slash: `a/**/b` matches `a/b` and `a/x/y/b`.
      const loop = at;
      const segment = state();
      edge(loop, { kind: "segment" }, segment);
      edge(segment, { kind: "segment" }, segment);
      edge(segment, { kind: "char", char: "/" }, loop);
      i += 2;
    } else if (c === "*" && source[i + 1] === "*" && whole) {
      // A lone `**`: any non-empty path.
      some({ kind: "any" });
      starEnd = ++i;
    } else if (c === "*") {
      let last = i;
      while (source[last + 1] === "*") last++;
      const segmentWide = (i === 0 || source[i - 1] === "/") && (last + 1 >= source.length || source[last + 1] === "/");
      // A `*` that is a whole segment matches at least one character (`src/*` does not match `src/`).
      if (segmentWide) some({ kind: "segment" });
      else {
        const loop = state();
        empty[at]?.push(loop);
        edge(loop, { kind: "segment" }, loop);
        at = loop;
      }
      i = last;
      starEnd = i;
    } else if (c === "?") step({ kind: "segment" });
    else if (c === "[") {
      const parsed = readClass(source, i);
      if (parsed === null) step({ kind: "char", char: "[" });
      else {
        step(parsed.test);
        i = parsed.end;
      }
    } else step({ kind: "char", char: c });
  }
  return { edges, empty, accept: at };
}

/**
 * `[abc]`, `[a-z]`, `[^x]`; null when unclosed (then `[` is a literal). As in picomatch, only `^` negates:
 * `[!a]` is the class of `!` and `a`.
 */
function readClass(source: string, start: number): { test: CharTest; end: number } | null {
  let i = start + 1;
  const negated = source[i] === "^";
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < source.length; i++) {
    let c = source[i] ?? "";
    if (c === "]" && !first) return { test: { kind: "class", ranges, negated }, end: i };
    first = false;
    if (c === "\\") c = source[++i] ?? "";
    if (source[i + 1] === "-" && source[i + 2] !== undefined && source[i + 2] !== "]") {
      ranges.push([c, source[i + 2] ?? c]);
      i += 2;
    } else ranges.push([c, c]);
  }
  return null;
}

function accepts(test: CharTest, char: string): boolean {
  switch (test.kind) {
    case "char":
      return char === test.char;
    case "segment":
      return char !== "/";
    case "any":
      return true;
    case "class":
      return char !== "/" && test.ranges.some(([lo, hi]) => lo <= char && char <= hi) !== test.negated;
    default: {
      const unexpected: never = test;
      throw new Error(`unhandled character test ${JSON.stringify(unexpected)}`);
    }
  }
}

/** Characters worth trying for a pair of tests: theirs, range ends, `/`, and ordinary letters. */
function candidates(a: CharTest, b: CharTest): string[] {
  const own = (test: CharTest): string[] =>
    test.kind === "char" ? [test.char] : test.kind === "class" ? test.ranges.flat() : [];
  const both = [...own(a), ...own(b)];
  if (a.kind === "class" && b.kind === "class") {
    // Where two ranges meet, the later of their starts is in both (characters, not numbers: no Math.max).
    for (const [lo] of a.ranges) for (const [lo2] of b.ranges) both.push([lo, lo2].sort()[1] ?? lo);
  }
  return [...both, "x", "_", "/", "\uE000"];
}

function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const seen = new Set(states);
  const work = [...seen];
  while (work.length > 0) {
    for (const next of nfa.empty[work.pop() ?? 0] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        work.push(next);
      }
    }
  }
  return [...seen];
}

/** Breadth-first over pairs of states; the shortest common path, or null. */
function intersect(a: Nfa, b: Nfa): string | null {
  const start = { left: closure(a, [0]), right: closure(b, [0]), path: "" };
  const key = (left: number[], right: number[]) => `${[...left].sort().join(",")}|${[...right].sort().join(",")}`;
  const seen = new Set([key(start.left, start.right)]);
  const queue = [start];
  while (queue.length > 0) {
    const { left, right, path } = queue.shift() ?? start;
    if (left.includes(a.accept) && right.includes(b.accept)) return path;
    const outLeft = left.flatMap((state) => a.edges[state] ?? []);
    const outRight = right.flatMap((state) => b.edges[state] ?? []);
    const chars = new Set(outLeft.flatMap((l) => outRight.flatMap((r) => candidates(l.test, r.test))));
    const moves = new Map<string, { left: number[]; right: number[] }>();
    for (const char of chars) {
      const toLeft = outLeft.filter((l) => accepts(l.test, char)).map((l) => l.to);
      const toRight = outRight.filter((r) => accepts(r.test, char)).map((r) => r.to);
      if (toLeft.length > 0 && toRight.length > 0) moves.set(char, { left: toLeft, right: toRight });
    }
    for (const [char, move] of moves) {
      const next = { left: closure(a, move.left), right: closure(b, move.right), path: path + char };
      const id = key(next.left, next.right);
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(next);
    }
  }
  return null;
}
