import assert from "node:assert/strict";
import { test } from "node:test";
import * as tally from "../src/index.js";

test("the public API exports the tax helper", () => {
  assert.equal(tally.taxCents(1000, 10), 100);
});
