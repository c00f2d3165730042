import type { VerifyCheck } from "../verify-context.js";

/**
 * The PR changes nothing, yet the result says something changed: an item is FIXED or PARTIALLY_FIXED, or
 * lists `changes_made`. (Every item NO_CHANGE_NEEDED or ALREADY_IMPLEMENTED with an empty diff is honest.)
 */
export const emptyDiff: VerifyCheck = ({ files, result }) => {
  if (files.some((file) => file.status !== "unchanged")) return [];
  const claims = result.items.filter(
    (item) => item.status === "FIXED" || item.status === "PARTIALLY_FIXED" || item.changes_made.length > 0,
  );
  if (claims.length === 0) return [];
  const described = claims.map((item) => `"${item.id}" (${item.status})`).join(", ");
  return [
    {
      rule: "empty_diff",
      critical: false,
      message: `The PR changes no files, but the result claims changes for item ${described}.`,
    },
  ];
};
