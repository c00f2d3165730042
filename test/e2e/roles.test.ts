import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { SAMPLE_REPO } from "../../sandbox/world.js";
import { BUILTIN_ROLES } from "../../src/protocol/agent-role.js";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { commentsOn, E2E_TIMEOUT, expectClean, modulePulls, startWorld } from "./support.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The sample repository with `.github/conductor/roles/<name>.md` added. */
async function repoWithRoles(roles: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "conductor-roles-"));
  dirs.push(dir);
  await cp(SAMPLE_REPO, dir, { recursive: true });
  await mkdir(join(dir, ".github/conductor/roles"), { recursive: true });
  for (const [name, text] of Object.entries(roles))
    await writeFile(join(dir, `.github/conductor/roles/${name}.md`), text);
  return dir;
}

const spec = (moneyRole: string, taxRole: string) => `Money and tax with roles

## Implementation Phases

### Phase 1: Money and tax
- Write money and tax
Modules: money, tax

#### Module: money
Role: ${moneyRole}
Paths: src/money.js, test/money.test.js
Test Command: node test/money.test.js

#### Module: tax
Role: ${taxRole}
Paths: src/tax.js, test/tax.test.js
Test Command: node test/tax.test.js
`;

const CENTS = "You are the cents specialist: amounts are integer cents, always.";

describe("e2e: specialist roles", () => {
  test(
    "a repository role and a built-in one reach the model's system prompt; per-role max_turns and model; the dashboard shows them",
    async () => {
      const world = await startWorld({
        spec: spec("cents", "tests"),
        repoDir: await repoWithRoles({ cents: CENTS }),
        config: { roles: { tests: { max_turns: 7, model: "claude-haiku-4-5" } } },
      });

      const outcome = await world.run();

      expect(outcome).toMatchObject({ status: "done" });
      expectClean(world);
      const system = (module: string) => world.executions.find((e) => e.module === module)?.system ?? "";
      expect(system("money")).toContain(`Your role for this module: cents.\n${CENTS}`);
      expect(system("tax")).toContain(`Your role for this module: tests.\n${BUILTIN_ROLES.tests}`);
      expect(system("money")).not.toContain(BUILTIN_ROLES.tests);

      const briefs = modulePulls(world).map((p) => decodeMarker("brief", p.body, Brief));
      const [money, tax] = briefs.map((b) => (b.ok ? b.value : null));
      expect(money).toMatchObject({
        role: { name: "cents", brief: CENTS },
        budget: { turns: 60 },
        model: "claude-sonnet-4-6",
      });
      expect(tax).toMatchObject({ role: { name: "tests" }, budget: { turns: 7 }, model: "claude-haiku-4-5" });
      expect(world.dashboard()).toContain("| money · role: cents |");
      expect(world.dashboard()).toContain("| tax · role: tests |");
    },
    E2E_TIMEOUT,
  );

  test(
    "an unknown role is a plan error that names the module and the roles there are; nothing runs",
    async () => {
      const world = await startWorld({ spec: spec("frontnd", "tests") });

      await world.run();

      expect(modulePulls(world)).toEqual([]);
      const refusal = commentsOn(world, 1).find((c) => c.body.includes("Conductor could not use the plan"));
      expect(refusal?.body).toContain(
        'module "money" (phase 1) names the role "frontnd", which is not built in (backend, docs, frontend, security, tests) and has no .github/conductor/roles/frontnd.md on the base branch',
      );
    },
    E2E_TIMEOUT,
  );
});
