import { globMatcher } from "../glob-matcher.js";
import { at, type DiffFile, type VerifyCheck } from "../verify-context.js";

/** The paths a change to `file` alters: both ends of a rename (moving a file away changes its old path). */
export function changedPaths(file: DiffFile): string[] {
  return file.status === "renamed" && file.previousPath ? [file.path, file.previousPath] : [file.path];
}

/**
 * A protected path changed (`paths.protected`, e.g. `.github/workflows/**`). Critical: this escalates at
 * once, because a workflow edit pushed with the app's token would run with the repository's secrets.
 */
export const protectedPath: VerifyCheck = ({ files, brief }) => {
  const isProtected = globMatcher(brief.protected_paths, false);
  return files.flatMap((file) =>
    changedPaths(file)
      .filter(isProtected)
      .map((path) => ({
        rule: "protected_path" as const,
        critical: true,
        ...at(file.path, file.firstLine),
        message:
          path === file.path
            ? `${path} is a protected path (${brief.protected_paths.join(", ")}); the executor must not change it.`
            : `${file.path} was moved from the protected path ${path}; the executor must not change it.`,
      })),
  );
};
