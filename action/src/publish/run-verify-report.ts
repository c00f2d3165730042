import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { REVERIFY_VERSION, Reverification } from "../../../src/protocol/reverify.js";
import { VERIFY_FILE } from "../artifact.js";
import { artifactDir } from "../inputs.js";
import type { JobContext } from "../job-context.js";
import { readBrief } from "../read-brief.js";
import { redactStrings } from "../redact.js";
import { renderReverifyComment } from "./render-reverify.js";

export type VerifyReportContext = JobContext;

/**
 * The verify job's reporter (DESIGN §8): holds the App's token, runs nothing, and posts the verify job's
 * record as the App's bot, so the app accepts it by author exactly like a result. A verify job that left
 * no record (crashed, cancelled, refused) gets a record that says so, so `conductor/verify` fails at once
 * with the reason instead of waiting out its timeout.
 */
export async function runVerifyReport(ctx: VerifyReportContext): Promise<void> {
  const { deps, inputs, runner, logger } = ctx;
  const octokit = deps.makeOctokit(inputs["github-token"], logger);
  const { brief, pr } = await readBrief(octokit, runner.GITHUB_REPOSITORY, inputs);
  const read = await readRecord(path.join(artifactDir(inputs, runner, tmpdir()), VERIFY_FILE));
  let record: Reverification;
  if (read.ok && (read.record.nonce !== brief.nonce || read.record.attempt !== brief.attempt)) {
    record = stub(`the verify job's record is for attempt ${read.record.attempt}, not ${brief.attempt}`);
  } else record = read.ok ? read.record : stub(read.problem);
  function stub(error: string): Reverification {
    const { task, module, attempt, nonce } = brief;
    return {
      version: REVERIFY_VERSION,
      task,
      module,
      attempt,
      nonce,
      head_sha: pr.headSha,
      test: null,
      items: [],
      sandbox: "",
      error,
    };
  }
  // The record crossed the boundary from a job that ran the model's code: through this job's redactor too.
  const posted = redactStrings(record, ctx.redact);
  const { data } = await octokit.rest.issues.createComment({
    owner: pr.owner,
    repo: pr.repo,
    issue_number: pr.number,
    body: renderReverifyComment(posted),
  });
  logger.info("posted the re-verification", { pr: pr.number, comment: data.html_url });
  deps.output.setOutput("status", posted.error ? "error" : "done");
  deps.output.setOutput("head-sha", posted.head_sha);
}

type ReadRecord = { ok: true; record: Reverification } | { ok: false; problem: string };

async function readRecord(file: string): Promise<ReadRecord> {
  const text = await readFile(file, "utf8").catch(() => null);
  if (text === null)
    return { ok: false, problem: `the verify job left no ${VERIFY_FILE} (it crashed, was cancelled or refused)` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${VERIFY_FILE} is not JSON` };
  }
  const parsed = Reverification.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      problem: `${VERIFY_FILE} is invalid at ${first?.path.join(".") || "(root)"}: ${first?.message}`,
    };
  }
  return { ok: true, record: parsed.data };
}
