import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

/** An object read from the store. */
export interface GitObject {
  sha: string;
  type: "blob" | "tree" | "commit" | "tag";
  content: Buffer;
}

interface Pending {
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * A long-lived `git cat-file --batch`: one process answers every object read, instead of one
 * process per read (a spawn costs ~4 ms; a batch read ~0.1 ms). New loose objects written by other
 * processes are visible to it, since git looks them up on each request.
 */
export class CatFile {
  #child: ChildProcessWithoutNullStreams | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #queue: Pending[] = [];

  constructor(
    readonly gitDir: string,
    readonly env: Record<string, string>,
  ) {}

  #start(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn("git", [`--git-dir=${this.gitDir}`, "cat-file", "--batch"], { env: this.env });
    child.stdout.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    const fail = (error: Error) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#buffer = Buffer.alloc(0);
      for (const pending of this.#queue.splice(0)) pending.reject(error);
    };
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`git cat-file --batch exited with ${code}`)));
    child.stdin.on("error", () => undefined);
    this.#child = child;
    return child;
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      const newline = this.#buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.#buffer.subarray(0, newline).toString("utf8");
      const match = /^([0-9a-f]{40}) (blob|tree|commit|tag) (\d+)$/.exec(header);
      if (!match) {
        // "<rev> missing" or "<rev> ambiguous": nothing follows the header line.
        this.#buffer = this.#buffer.subarray(newline + 1);
        this.#queue.shift()?.resolve(undefined);
        continue;
      }
      const size = Number(match[3]);
      if (this.#buffer.length < newline + 1 + size + 1) return;
      const content = Buffer.from(this.#buffer.subarray(newline + 1, newline + 1 + size));
      this.#buffer = this.#buffer.subarray(newline + 1 + size + 1);
      this.#queue.shift()?.resolve({ sha: match[1] ?? "", type: match[2] as GitObject["type"], content });
    }
  }

  /** Reads an object by sha or revision (`<sha>^{tree}`, `<commit>:<path>`); undefined when missing. */
  read(rev: string): Promise<GitObject | undefined> {
    if (rev === "" || /[\n\r\0]/.test(rev)) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const child = this.#start();
      this.#queue.push({ resolve, reject });
      child.stdin.write(`${rev}\n`);
    });
  }

  /** Stops the process (it is restarted on the next read). */
  close(): void {
    const child = this.#child;
    this.#child = undefined;
    this.#buffer = Buffer.alloc(0);
    for (const pending of this.#queue.splice(0)) pending.reject(new Error("cat-file closed"));
    child?.stdin.end();
    child?.kill();
  }
}
