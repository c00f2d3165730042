import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
const pages = readdirSync(docs).filter((name) => name.endsWith(".md"));

/** GitHub's heading anchor: lower case, punctuation dropped (except `-` and `_`), spaces to `-`. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings, outside fenced code. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1]) found.add(anchor(heading[1]));
  }
  return found;
}

/** Relative links `](target)` outside fenced code; absolute URLs are not checked. */
function links(text: string): string[] {
  const prose = text.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1/gm, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "").filter((t) => !/^[a-z]+:/i.test(t));
}

const cases = pages.flatMap((page) => links(readFileSync(join(docs, page), "utf8")).map((target) => [page, target]));

describe("links between the docs", () => {
  test.each(cases)("docs/%s: %s resolves", (page, target) => {
    const [path = "", hash] = target.split("#");
    const file = path === "" ? join(docs, page) : join(dirname(join(docs, page)), path);
    expect(existsSync(file), `${file} does not exist`).toBe(true);
    if (hash !== undefined && file.endsWith(".md")) {
      expect([...anchors(readFileSync(file, "utf8"))]).toContain(hash);
    }
  });
});
