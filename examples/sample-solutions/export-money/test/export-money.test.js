import assert from "node:assert/strict";
import { test } from "node:test";
import * as tally from "../src/index.js";

test("the public API exports the money helpers", () => {
  assert.equal(tally.formatCents(150), "$1.50");
  assert.equal(tally.parseCents("1.50"), 150);
});
