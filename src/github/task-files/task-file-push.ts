import { z } from "zod";
import { outgoingSequence } from "../../plan/task-file/task-file-path.js";

const Commit = z.object({
  added: z.array(z.string()).optional(),
  removed: z.array(z.string()).optional(),
});

/** The part of a `push` payload the task-file trigger reads. */
export const PushPayload = z.object({
  ref: z.string(),
  after: z.string().regex(/^[0-9a-f]{40}$/),
  deleted: z.boolean(),
  commits: z.array(Commit),
  repository: z.object({ default_branch: z.string().min(1) }),
  sender: z.object({ login: z.string() }).optional(),
});
export type PushPayload = z.infer<typeof PushPayload>;

/**
 * The outgoing task files a push to the default branch adds (docs/spec-format.md#task-files), in sequence
 * order: `orchestrator/outgoing/NNN_*.json` added by any of its commits and not removed by a later one.
 * Pure, so a push that adds none is dropped before a single request.
 */
export function addedTaskFiles(payload: PushPayload): string[] {
  if (payload.deleted || payload.ref !== `refs/heads/${payload.repository.default_branch}`) return [];
  const added = new Set<string>();
  for (const commit of payload.commits) {
    for (const path of commit.added ?? []) if (outgoingSequence(path) !== null) added.add(path);
    for (const path of commit.removed ?? []) added.delete(path);
  }
  return [...added].sort((a, b) => (outgoingSequence(a) ?? 0) - (outgoingSequence(b) ?? 0) || a.localeCompare(b));
}
