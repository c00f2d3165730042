import path from "node:path";
import type { CliTools } from "../../../action/src/engines/cli-tools.js";
import { setupSandbox } from "../../../action/src/sandbox/command-sandbox.js";
import type { PathPolicy } from "../../../action/src/tools/path-policy.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * What the work job hands a CLI engine (run-engine.ts), for tests and the bench that call an engine
 * directly: the real command sandbox over `workspace` (this machine's CI runs as root), a scrubbed
 * environment, and the engines directory for the CLI's private home.
 */
export async function cliTools(
  workspace: string,
  policy: PathPolicy,
  itemIds: string[],
  enginesDir: string,
): Promise<{ tools: CliTools; dispose(): Promise<void> }> {
  const setup = await setupSandbox({
    workspace,
    env: { PATH: process.env.PATH ?? "", LANG: "C.UTF-8" },
    policy: "on",
    network: "open",
    hide: [],
  });
  if (!setup.ok) throw new Error(`no command sandbox here: ${setup.reason}`);
  const { sandbox } = setup;
  await sandbox.reach(path.join(enginesDir, "node_modules"));
  return {
    tools: {
      workspace,
      policy,
      sandbox,
      homeParent: enginesDir,
      redact: (s) => s,
      maxOutput: 20_000,
      remainingMs: () => 600_000,
      logger: silent,
      itemIds,
    },
    dispose: async () => {
      await sandbox.reclaim();
      await sandbox.dispose();
    },
  };
}
