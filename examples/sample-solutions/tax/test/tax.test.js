import assert from "node:assert/strict";
import { test } from "node:test";
import { taxCents } from "../src/tax.js";

test("taxCents rounds half up to a cent", () => {
  assert.equal(taxCents(1000, 8.25), 83);
  assert.equal(taxCents(200, 2.5), 5);
  assert.equal(taxCents(0, 10), 0);
});

test("taxCents refuses negative amounts and rates", () => {
  assert.throws(() => taxCents(-1, 5), RangeError);
  assert.throws(() => taxCents(100, -5), RangeError);
});
