import { z } from "zod";
import { httpFailure } from "./client.js";

const Details = z.object({
  response: z.object({
    data: z.object({
      errors: z.array(z.union([z.string(), z.object({ message: z.string().optional() })])).optional(),
    }),
  }),
});

/**
 * The status of an Octokit `RequestError` and all of GitHub's words about it: the top-level message plus
 * each `errors[].message`, where 422s say what actually went wrong ("A pull request already exists for …",
 * "No commits between …"). `undefined` for anything that is not an HTTP answer (network, bugs).
 */
export function requestFailure(error: unknown): { status: number; text: string } | undefined {
  const failure = httpFailure(error);
  if (!failure) return undefined;
  const parsed = Details.safeParse(error);
  const details = parsed.success
    ? (parsed.data.response.data.errors ?? []).map((e) => (typeof e === "string" ? e : (e.message ?? "")))
    : [];
  return { status: failure.status, text: [failure.message, ...details].filter((t) => t !== "").join(" — ") };
}

/** True when `error` is an HTTP answer with this status whose text matches `pattern` (when given). */
export function isFailure(error: unknown, status: number, pattern?: RegExp): boolean {
  const failure = requestFailure(error);
  return failure !== undefined && failure.status === status && (pattern === undefined || pattern.test(failure.text));
}
