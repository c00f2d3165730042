import { expect } from "vitest";
import { decodeMarker } from "../../../src/protocol/marker.js";
import { Result } from "../../../src/protocol/result.js";
import { artifactText, type BundleWork } from "./bundle-jobs.js";
import type { FakeApi } from "./fake-api-server.js";
import type { Recorded } from "./test-deps.js";
import type { TestRepo } from "./test-repo.js";

/** The forms a command can turn a secret into on its way out, as `createRedactor` knows them too. */
export function forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  return [secret, [...secret].reverse().join(""), bytes.toString("hex"), bytes.toString("base64").slice(0, 20)];
}

/**
 * Every byte a run left where someone other than the runner could read it: the work job's log (less
 * its mask commands), outputs, summary and artifact, every request the fake served (GitHub's, and the
 * model's: what the model saw), the publish job's record, every object of the pushed repository, and
 * whatever `more` adds (another vendor's requests).
 */
export function everything(
  repo: TestRepo,
  work: BundleWork,
  publish: Recorded,
  api: FakeApi,
  more: readonly string[] = [],
): string {
  const log = work.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  const objects = repo.remoteGit("rev-list", "--objects", "--all");
  const blobs = objects
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((sha) => sha !== "")
    .map((sha) => repo.remoteGit("cat-file", "-p", sha));
  return [
    log,
    JSON.stringify(work.outputs),
    work.summary,
    artifactText(work.artifactDir),
    JSON.stringify(api.requests.map((r) => r.body)),
    ...publish.logs,
    JSON.stringify(publish.outputs),
    publish.summary,
    publish.failed ?? "",
    ...blobs,
    ...more,
  ].join("\n");
}

export function expectNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const form of forms(secret)) expect(text, `a form of ${secret.slice(0, 8)}…`).not.toContain(form);
  }
}

/** The text of the result comment the publish job posted. */
export function commentBody(api: FakeApi): string {
  const comment = api.requests.find((r) => r.method === "POST" && r.path.endsWith("/comments"))?.body;
  return typeof comment === "object" && comment !== null && "body" in comment ? String(comment.body) : "";
}

/** The result comment the publish job posted, decoded. */
export function posted(api: FakeApi): Result {
  const body = commentBody(api);
  const read = decodeMarker("result", body, Result);
  if (!read.ok) throw new Error(`no result comment: ${read.message}`);
  return read.value;
}
