import { normalizePath } from "../normalize-path.js";
import type { VerifyCheck } from "../verify-context.js";

/**
 * `changes_made` names a file the diff does not touch. A renamed file counts under both names, and a
 * claim naming a directory (`src/db/`) counts when the diff touches something inside it.
 */
export const unchangedFileClaimed: VerifyCheck = ({ files, result }) => {
  const touched = new Set(files.flatMap((file) => (file.previousPath ? [file.path, file.previousPath] : [file.path])));
  const inDirectory = (dir: string) => [...touched].some((path) => path.startsWith(`${dir}/`));
  const reported = new Set<string>();
  return result.items.flatMap((item) =>
    item.changes_made.flatMap(({ file }) => {
      const path = normalizePath(file).replace(/\/+$/, "");
      if (path === "" || touched.has(path) || inDirectory(path) || reported.has(path)) return [];
      reported.add(path);
      return [
        {
          rule: "unchanged_file_claimed" as const,
          critical: false,
          path,
          message: `Item "${item.id}" says it changed ${path}, but the PR does not touch that file.`,
        },
      ];
    }),
  );
};
