/**
 * A repository path in the form GitHub lists PR files: `/` separators, no leading `./` or `/`. The model
 * writes `changes_made[].file` by hand, so `./src/a.ts` and `src\a.ts` must still name `src/a.ts`.
 */
export function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/\\/g, "/")
    .replace(/^(?:\.\/|\/)+/, "")
    .replace(/\/{2,}/g, "/");
}
