import assert from "node:assert/strict";
import { test } from "node:test";
import { applyDiscount } from "../src/discounts.js";

test("percent and fixed discounts", () => {
  assert.equal(applyDiscount(1000, { percent: 10 }), 900);
  assert.equal(applyDiscount(1000, { cents: 250 }), 750);
  assert.equal(applyDiscount(1000, undefined), 1000);
});

test("a discount never makes an amount negative", () => {
  assert.equal(applyDiscount(100, { cents: 500 }), 0);
});
