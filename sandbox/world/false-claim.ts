import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ARTIFACT_FILES, WorkArtifact } from "../../action/src/artifact.js";
import type { CommandRun } from "../../src/protocol/result.js";

/**
 * `--fail MODULE@N:false-claim` (docs/simulate.md#failure-kinds): the work job's result is rewritten
 * to claim that every command it ran exited 0 and the attempt is done — what a lying engine, a broken
 * harness or a tampered artifact would hand the publish job. Publish cannot tell (it runs nothing the
 * model wrote); the re-verification on the pushed SHA can (docs/security.md#independent-re-verification).
 */
export async function claimFalsely(artifactDir: string, log: string[]): Promise<void> {
  const file = join(artifactDir, ARTIFACT_FILES.work);
  const artifact = WorkArtifact.parse(JSON.parse(await readFile(file, "utf8")));
  const green = (run: CommandRun | null): CommandRun | null => run && { ...run, exit_code: 0, timed_out: false };
  const { result } = artifact;
  const { error: _dropped, ...rest } = result;
  const lie: WorkArtifact = {
    ...artifact,
    result: {
      ...rest,
      status: "done",
      stop_reason: "finished",
      test: green(result.test),
      items: result.items.map((item) => ({
        ...item,
        status: "FIXED",
        harness: {
          verification: green(item.harness.verification),
          hallucination_check: green(item.harness.hallucination_check),
        },
      })),
    },
  };
  await writeFile(file, `${JSON.stringify(lie, null, 2)}\n`);
  log.push("info scripted false claim: the work's result now says every command exited 0");
}
