import { Octokit } from "@octokit/rest";
import { describe, expect, test } from "vitest";
import { readRepoView } from "../../src/github/planner/read-repo-view.js";
import { setupStrictHttp } from "../helpers/strict-http.js";

const http = setupStrictHttp();
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const octokit = () => new Octokit({ auth: "t", log: quiet, retry: { enabled: false } });
const repo = { owner: "acme", repo: "app" };

const tree = (truncated: boolean) => ({
  sha: "f".repeat(40),
  url: "https://api.github.com/repos/acme/app/git/trees/main",
  truncated,
  tree: [
    { path: "README.md", mode: "100644", type: "blob", sha: "a".repeat(40) },
    { path: "src", mode: "040000", type: "tree", sha: "b".repeat(40) },
    { path: "src/index.ts", mode: "100644", type: "blob", sha: "c".repeat(40) },
    { path: "vendor/lib", mode: "160000", type: "commit", sha: "d".repeat(40) },
  ],
});

describe("readRepoView (the planner's view of the base branch)", () => {
  test("file paths of the recursive tree, and the README's head cut on a character boundary", async () => {
    http.github().get("/repos/acme/app/git/trees/main").query({ recursive: "1" }).reply(200, tree(true));
    http
      .github()
      .get("/repos/acme/app/readme")
      .query({ ref: "main" })
      .reply(200, "# Acme — ünïcode", { "content-type": "text/plain; charset=utf-8" });
    // "# Acme — ün" is 14 bytes (the dash is 3, "ü" 2); a 15-byte limit falls inside "ï", which is dropped.
    expect(await readRepoView(octokit(), repo, "main", 15)).toEqual({
      tree: ["README.md", "src/index.ts"],
      treeTruncated: true,
      readmeHead: "# Acme — ün",
    });
    expect(http.find("GET", "/repos/acme/app/readme")[0]?.headers.accept).toBe("application/vnd.github.v3.raw");
  });

  test("no README is an empty head", async () => {
    http.github().get("/repos/acme/app/git/trees/main").query({ recursive: "1" }).reply(200, tree(false));
    http.github().get("/repos/acme/app/readme").query({ ref: "main" }).reply(404, { message: "Not Found" });
    expect(await readRepoView(octokit(), repo, "main")).toMatchObject({ treeTruncated: false, readmeHead: "" });
  });
});
