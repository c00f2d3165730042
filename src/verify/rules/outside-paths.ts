import { globMatcher } from "../glob-matcher.js";
import { at, type VerifyCheck } from "../verify-context.js";
import { changedPaths } from "./protected-path.js";

/**
 * The diff leaves the module's `Paths` (an empty list means anywhere). A protected path is left to the
 * `protected_path` rule, so one file does not produce two findings about the same change.
 */
export const outsidePaths: VerifyCheck = ({ files, brief }) => {
  if (brief.paths.length === 0) return [];
  const inPaths = globMatcher(brief.paths, true);
  const isProtected = globMatcher(brief.protected_paths, false);
  return files.flatMap((file) =>
    changedPaths(file)
      .filter((path) => !inPaths(path) && !isProtected(path))
      .map((path) => ({
        rule: "outside_paths" as const,
        critical: false,
        ...at(file.path, file.firstLine),
        message: `${path} is outside this module's paths (${brief.paths.join(", ")}).`,
      })),
  );
};
