import { renderTaskFileMarker, type TaskFileMarker } from "../../plan/task-file/find-task-file.js";

/** The label every task issue opened from a pushed task file carries, so maintainers can filter them. */
export const TASK_FILE_LABEL = "conductor:task-file";

/**
 * The task issue for a pushed task file: its title names the file (and the review when readable), its
 * body holds the file in a ```json block (the plan, docs/spec-format.md#task-files) and the marker that
 * says where it came from, which is also how a second delivery of the push finds the issue again.
 */
export function taskFileIssue(
  marker: TaskFileMarker,
  text: string,
  reviewId: string | null,
  pushedSha: string,
): { title: string; body: string } {
  const name = marker.path.slice(marker.path.lastIndexOf("/") + 1);
  // A fence longer than any backtick run in the file, so the file cannot close it early.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const lines = [
    `Task file \`${marker.path}\`, pushed to the default branch in ${pushedSha}.`,
    ...(marker.follows === null ? [] : [`It follows review \`${marker.follows}\`.`]),
    "",
    "Conductor plans its fixes and, when every module is green, adds their results to",
    `\`orchestrator/incoming/${name}\` in the final pull request.`,
    "",
    `${fence}json`,
    text.trimEnd(),
    fence,
    "",
    renderTaskFileMarker(marker),
  ];
  return {
    title: reviewId === null ? `Task file ${name}` : `Task file ${name}: review ${reviewId}`,
    body: lines.join("\n"),
  };
}
