import assert from "node:assert/strict";
import { test } from "node:test";
import { renderReceipt } from "../src/receipt.js";

test("a receipt lists lines, tax and the total", () => {
  const text = renderReceipt([{ name: "Tea", quantity: 2, cents: 450 }], { taxRate: 10 });
  assert.equal(text, "2 x Tea  $9.00\nSubtotal  $9.00\nTax (10%)  $0.90\nTotal  $9.90");
});
