// Path parameters that may hold raw slashes when a client does not encode them (contents paths, refs).
const GREEDY = new Set(["path", "ref", "basehead", "branch"]);

/** The outcome of matching a path against a template. */
export interface PathMatch {
  params: Record<string, string>;
  /** How many literal segments matched: more literals is the more specific template. */
  literals: number;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Matches a raw (still URL-encoded) path, split on `/`, against a template's segments. With
 * `greedy`, a trailing `{path}`/`{ref}`/`{basehead}`/`{branch}` takes the rest of the path, as
 * GitHub does for `contents/dir/file` sent without encoding the slash.
 */
export function matchSegments(
  template: readonly string[],
  actual: readonly string[],
  greedy: boolean,
): PathMatch | undefined {
  const params: Record<string, string> = {};
  let literals = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] ?? "";
    const name = /^\{(.+)\}$/.exec(t)?.[1];
    if (name && greedy && i === template.length - 1) {
      const rest = actual.slice(i).map(decode);
      if (!GREEDY.has(name) || rest.length === 0 || rest.some((s) => s === undefined || s === "")) return undefined;
      params[name] = rest.join("/");
      return { params, literals };
    }
    const a = actual[i];
    if (a === undefined) return undefined;
    if (name) {
      const value = decode(a);
      if (value === undefined || value === "") return undefined;
      params[name] = value;
    } else if (t === a) literals++;
    else return undefined;
  }
  return template.length === actual.length ? { params, literals } : undefined;
}

/** Finds the most specific template for a path: exact segment counts first, then greedy ones. */
export function bestMatch<T extends { segments: readonly string[] }>(
  candidates: readonly T[],
  pathname: string,
): (PathMatch & { target: T }) | undefined {
  const actual = pathname.replace(/\/+$/, "").split("/");
  for (const greedy of [false, true]) {
    let best: (PathMatch & { target: T }) | undefined;
    for (const target of candidates) {
      const m = matchSegments(target.segments, actual, greedy);
      if (m && (!best || m.literals > best.literals)) best = { ...m, target };
    }
    if (best) return best;
  }
  return undefined;
}
