import { slugify } from "../slug.js";
import type { TaskFileSource } from "./task-file.js";

/** Where pushed task files are read and incoming files are written (docs/spec-format.md#task-files). */
export const OUTGOING_DIR = "orchestrator/outgoing";
export const INCOMING_DIR = "orchestrator/incoming";

/** `{SEQUENCE}_{FOCUS_AREA}_{TYPE}.json` directly in `orchestrator/outgoing/`; the sequence is digits. */
const OUTGOING = /^orchestrator\/outgoing\/(\d+)_[^/]+\.json$/;

/** The sequence number of an outgoing task file's path, or null when the path is not one. */
export function outgoingSequence(path: string): number | null {
  const match = OUTGOING.exec(path);
  return match === null ? null : Number(match[1]);
}

/**
 * Where the incoming file of a task goes: the outgoing file's name under `orchestrator/incoming/`; for a
 * task file pasted into an issue (no path), `<issue, 3 digits>_<component>_result.json`.
 */
export function incomingPath(source: TaskFileSource, issue: number, component: string): string {
  if (source.path !== null) return `${INCOMING_DIR}/${source.path.slice(source.path.lastIndexOf("/") + 1)}`;
  return `${INCOMING_DIR}/${String(issue).padStart(3, "0")}_${slugify(component) || "task"}_result.json`;
}
