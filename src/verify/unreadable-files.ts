import { normalizePath } from "./normalize-path.js";
import type { PrFile } from "./pr-file.js";

/** A changed file GitHub listed without a patch, so its lines were not inspected. */
export interface UnreadableFile {
  path: string;
  reason: "binary" | "too_large";
}

/**
 * The files `verify` could not read line by line: GitHub omits `patch` for binary files (listed with no
 * line changes) and for diffs too large to show. Not a failure in itself (the design is silent; failing
 * every PR that adds an image would teach people to ignore the check), but the check-run summary says
 * which files were not inspected for placeholders, skipped tests or secrets, so a reviewer looks at them.
 */
export function unreadableFiles(files: readonly PrFile[]): UnreadableFile[] {
  return files
    .filter((file) => file.patch === undefined && file.status !== "removed" && file.status !== "unchanged")
    .filter((file) => file.changes > 0 || file.status === "added" || file.status === "modified")
    .map((file) => ({ path: normalizePath(file.filename), reason: file.changes === 0 ? "binary" : "too_large" }));
}
