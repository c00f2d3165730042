import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { configFindings } from "../doctor/config-findings.js";
import { diagnose, type RepoFile } from "../doctor/diagnose.js";
import { hasErrors } from "../doctor/finding.js";
import { countFindings, formatFindingsText } from "../doctor/format-findings.js";
import { EXECUTOR_WORKFLOW } from "../github/onboarding/onboarding-workflow.js";
import { type CliIo, UsageError } from "./io.js";

export const DOCTOR_USAGE = "conductor doctor [DIR] [--base BRANCH] [--json]";

/** What the doctor reads from a checkout; `nodeDoctorFs()` is the real filesystem and git. */
export interface DoctorFs {
  /** File names in a directory, or null when it does not exist. */
  list(dir: string): Promise<string[] | null>;
  /** A file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** `git -C dir …`'s trimmed output, or null when it fails. */
  git(dir: string, args: readonly string[]): Promise<string | null>;
}

export function nodeDoctorFs(): DoctorFs {
  return {
    list: (dir) => readdir(dir).catch(() => null),
    read: (path) => readFile(path, "utf8").catch(() => null),
    git: (dir, args) =>
      new Promise((done) =>
        execFile("git", ["-C", dir, ...args], (error, stdout) => done(error ? null : stdout.trim())),
      ),
  };
}

/**
 * `conductor doctor [DIR]`: the pre-flight of docs/doctor.md on a checkout (default `.`): each workflow on
 * a module PR into `conductor/**`, the executor workflow present and current and the secrets it reads,
 * `.github/conductor.yml` valid, the default branch (`origin/HEAD`, else the checked-out branch, or `--base`;
 * only when DIR is the top of a git checkout). Exit 1 when anything is an error, else 0.
 */
export async function doctor(argv: readonly string[], io: CliIo, fs: DoctorFs = nodeDoctorFs()): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length > 1) throw new UsageError(`doctor takes one DIR, not ${parsed.positionals.length}`);
  const dir = resolve(parsed.positionals[0] ?? ".");
  if ((await fs.list(dir)) === null) throw new UsageError(`no directory ${dir}`);
  const configPath = ".github/conductor.yml";
  const loaded = configFindings(configPath, await fs.read(join(dir, configPath)));
  const base = parsed.values.base ? { branch: parsed.values.base, how: "--base" } : await defaultBranch(fs, dir);
  const findings = [
    ...loaded.findings,
    ...diagnose({
      workflows: await readWorkflows(fs, dir),
      config: loaded.config,
      defaultBranch: base?.branch ?? null,
      executorTemplate: EXECUTOR_WORKFLOW,
    }),
  ];
  if (parsed.values.json) {
    io.out(JSON.stringify({ dir, default_branch: base?.branch ?? null, findings }, null, 2));
  } else {
    io.out(`conductor doctor ${dir}${base ? ` (default branch \`${base.branch}\`, from ${base.how})` : ""}`);
    for (const line of formatFindingsText(findings)) io.out(`  ${line}`);
    io.out("");
    io.out(countFindings(findings));
  }
  return hasErrors(findings) ? 1 : 0;
}

async function readWorkflows(fs: DoctorFs, dir: string): Promise<RepoFile[]> {
  const names = (await fs.list(join(dir, ".github/workflows"))) ?? [];
  const files: RepoFile[] = [];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const text = await fs.read(join(dir, ".github/workflows", name));
    if (text !== null) files.push({ path: `.github/workflows/${name}`, text });
  }
  return files;
}

/** The remote's default branch (`origin/HEAD`), else the checked-out branch, saying which it was. */
async function defaultBranch(fs: DoctorFs, dir: string): Promise<{ branch: string; how: string } | null> {
  // A folder inside another repository's checkout says nothing about its own default branch.
  const top = await fs.git(dir, ["rev-parse", "--show-toplevel"]);
  if (top === null || resolve(top) !== dir) return null;
  const remote = await fs.git(dir, ["symbolic-ref", "--short", "refs/remotes/origin/HEAD"]);
  if (remote) return { branch: remote.replace(/^origin\//, ""), how: "origin/HEAD" };
  const current = await fs.git(dir, ["symbolic-ref", "--short", "HEAD"]);
  return current ? { branch: current, how: "the checked-out branch; pass --base if that is not the default" } : null;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { base: { type: "string" }, json: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
}
