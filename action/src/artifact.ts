import { z } from "zod";
import { Result } from "../../src/protocol/result.js";
import { ReviewReport } from "../../src/protocol/review.js";

/** The transcript digest as the publish job reads it (the shape of `TranscriptDigest` in transcript.ts). */
const TranscriptDigest = z.object({
  engine: z.string().nullable().default(null),
  model: z.string().nullable(),
  instructions: z.array(z.string()),
  lastCalls: z.array(z.object({ name: z.string(), summary: z.string(), isError: z.boolean() })),
  failingCommand: z.object({ command: z.string(), status: z.string(), tail: z.string() }).nullable(),
});

/**
 * What the work job hands the publish job (DESIGN §8), as files in one directory uploaded with
 * `actions/upload-artifact`: `work.json` (this), `work.bundle` (the commit, when there is one) and
 * `transcript.jsonl` (when the engine wrote one). Data only: publish runs none of it.
 */
export const WorkArtifact = z.object({
  version: z.literal(1),
  /** The result as the work job saw it; publish may fail it and always sets `head_sha`. */
  result: Result,
  /** Lines for the result comment (reverted paths, model price notes, the sandbox in use). */
  notes: z.array(z.string()),
  /** The module branch head the work started from: the only parent the publish job accepts. */
  base_sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The work's commit inside `work.bundle`, or null when there was nothing to commit. */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .nullable(),
  /** What the result comment shows from the transcript (transcript.ts), redacted by the work job. */
  digest: TranscriptDigest.optional(),
  /** Mode `review` (docs/ai-review.md): the review to post, or null when the reviewer left none. */
  review: ReviewReport.nullable().optional(),
  /** Mode `review`: what the checkout showed changed after the reviewer ran; publish refuses any. */
  review_changes: z.array(z.string()).optional(),
});
export type WorkArtifact = z.infer<typeof WorkArtifact>;

export const ARTIFACT_FILES = {
  work: "work.json",
  bundle: "work.bundle",
  transcript: "transcript.jsonl",
} as const;

/** The verify job's record (`Reverification`): run-verify.ts writes it, verify-report posts it. */
export const VERIFY_FILE = "verify.json";

/** The ref the bundle carries the work's commit under. */
export const BUNDLE_REF = "refs/conductor/work";
