import picomatch from "picomatch";

/**
 * A test for "does this path match any of these globs", with the executor's semantics (`dot: true`, as in
 * `action/src/tools/path-policy.ts`), so verify never fails a file the executor's tools allowed, or
 * passes one they refused. `onEmpty` is what an empty list means.
 */
export function globMatcher(globs: readonly string[], onEmpty: boolean): (path: string) => boolean {
  if (globs.length === 0) return () => onEmpty;
  const isMatch = picomatch([...globs], { dot: true });
  return (path) => isMatch(path);
}
