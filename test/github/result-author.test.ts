import { describe, expect, test } from "vitest";
import { Config } from "../../src/config/schema.js";
import { isTrustedResultAuthor } from "../../src/github/reads/result-author.js";

const app = "conductor[bot]";
const optedIn = Config.parse({ executor: { accept_github_actions_results: true } });
const defaults = Config.parse({});

describe("who may post a result", () => {
  test.each([
    ["the app", app, defaults, true],
    ["a maintainer", "octocat", optedIn, false],
    ["github-actions[bot] by default", "github-actions[bot]", defaults, false],
    ["github-actions[bot] when the repository opted in", "github-actions[bot]", optedIn, true],
    ["a look-alike of the app", "conductor", optedIn, false],
    ["another app", "renovate[bot]", optedIn, false],
  ])("%s", (_label, author, config, trusted) => {
    expect(isTrustedResultAuthor(author, app, config)).toBe(trusted);
  });

  test("no record yet means no opt-in", () => {
    expect(isTrustedResultAuthor("github-actions[bot]", app, undefined)).toBe(false);
  });
});
