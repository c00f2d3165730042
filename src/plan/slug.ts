/**
 * The branch-safe form of a module name, used in `conductor/<issue>/p<phase>-<slug>`:
 * lowercase, every run of characters other than `a-z0-9` becomes one `-`, no `-` at either end.
 * Returns "" when the name has no ASCII letter or digit; the parser reports that as an error.
 */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
