import { spawn } from "node:child_process";

/**
 * How the executor gets the privileges a sandbox needs (namespaces, another uid, chown): it is root
 * (containers, self-hosted runners run as root, this project's CI), or it may `sudo -n` (GitHub-hosted
 * runners: `runner` has passwordless sudo, but AppArmor forbids unprivileged user namespaces on
 * Ubuntu 24.04, so bubblewrap and `unshare --user` fail there). See docs/security.md#the-command-sandbox.
 */
export type Privilege = { kind: "root" } | { kind: "sudo" };

/** The argv prefix that runs a program with the privilege. */
export function privilegePrefix(privilege: Privilege): string[] {
  switch (privilege.kind) {
    case "root":
      return [];
    case "sudo":
      return ["sudo", "-n", "--"];
    default: {
      const _exhaustive: never = privilege;
      return _exhaustive;
    }
  }
}

/** Root if we are, else sudo if it answers without a password, else why neither works. */
export async function findPrivilege(
  uid: number,
): Promise<{ ok: true; privilege: Privilege } | { ok: false; reason: string }> {
  if (uid === 0) return { ok: true, privilege: { kind: "root" } };
  const sudo = await runPrivileged(["sudo", "-n", "true"]);
  if (sudo.code === 0) return { ok: true, privilege: { kind: "sudo" } };
  return {
    ok: false,
    reason: `the executor runs as uid ${uid}, not root, and \`sudo -n true\` failed (${sudo.output.trim() || `exit ${sudo.code}`})`,
  };
}

/** Runs `argv` with a minimal environment (no secret of ours) and collects its output. */
export function runPrivileged(argv: readonly string[]): Promise<{ code: number; output: string }> {
  const [file = "", ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", (error) => resolve({ code: 127, output: output + error.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
