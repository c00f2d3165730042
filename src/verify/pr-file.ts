import { z } from "zod";

/**
 * One entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`: the subset `conductor/verify` reads.
 * GitHub leaves `patch` out for binary files and for diffs too large to show, so it is optional here and
 * every rule that reads it says so instead of guessing.
 */
export const PrFile = z.object({
  filename: z.string().min(1),
  status: z.enum(["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"]),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  changes: z.number().int().nonnegative(),
  patch: z.string().optional(),
  /** Set for `renamed` (and `copied`) files: where the file was before. */
  previous_filename: z.string().optional(),
});
export type PrFile = z.infer<typeof PrFile>;
