import { describe, expect, test } from "vitest";
import type { Event } from "../../src/core/events.js";
import { Driver, fakeSha } from "./driver.js";

const green = (n = 1): Event => ({
  type: "BaseBranchGreen",
  id: `green:${n}`,
  workflow: "CI",
  sha: fakeSha(0x900 + n),
  url: "https://github.com/o/r/actions/runs/9",
});

describe("BaseBranchGreen (the red-CI fix loop)", () => {
  test("before the task started: a comment saying why, then the issue is closed", () => {
    const d = new Driver({ config: { plan: { approval: "required" } } });
    d.label();
    d.settle();
    expect(d.record?.status).toBe("awaiting_approval");

    const { effects } = d.deliver(green());

    expect(effects.map((e) => e.type)).toEqual(expect.arrayContaining(["Comment", "CloseIssue"]));
    const comment = effects.find((e) => e.type === "Comment");
    expect(comment?.type === "Comment" && comment.body).toContain("`CI` is green again on `main`");
    expect(comment?.type === "Comment" && comment.body).toContain("nothing left to fix: closing it");
  });

  test("after an attempt was dispatched: the task goes on, told why; the issue stays open", () => {
    const d = new Driver();
    d.label();
    for (let i = 0; i < 50 && !d.record?.modules.some((m) => m.attempts.length > 0); i++) d.deliverAt(0);
    expect(d.record?.modules.some((m) => m.attempts.length > 0)).toBe(true);

    const { effects } = d.deliver(green());

    expect(effects.some((e) => e.type === "CloseIssue")).toBe(false);
    const comment = effects.find((e) => e.type === "Comment");
    expect(comment?.type === "Comment" && comment.body).toContain("had already started, so it goes on");
  });

  test("the same green run delivered twice decides once", () => {
    const d = new Driver({ config: { plan: { approval: "required" } } });
    d.label();
    d.settle();
    d.deliver(green());
    expect(d.deliver(green()).effects.filter((e) => e.type === "CloseIssue")).toEqual([]);
  });
});
