import assert from "node:assert/strict";
import { test } from "node:test";
import { checkout } from "../src/checkout.js";
import { createStock } from "../src/stock.js";

test("checkout takes stock, discounts, then taxes", () => {
  const stock = createStock();
  stock.add("TEA-100", 5);
  const totals = checkout([{ sku: "TEA-100", quantity: 2, cents: 500 }], stock, {
    taxRate: 10,
    discount: { percent: 10 },
  });
  assert.deepEqual(totals, { subtotal: 900, tax: 90, total: 990 });
  assert.equal(stock.level("TEA-100"), 3);
});

test("checkout is all or nothing when stock is short", () => {
  const stock = createStock();
  stock.add("TEA-100", 5);
  const lines = [
    { sku: "TEA-100", quantity: 1, cents: 500 },
    { sku: "MUG-20", quantity: 1, cents: 900 },
  ];
  assert.throws(() => checkout(lines, stock), RangeError);
  assert.equal(stock.level("TEA-100"), 5);
});
