import assert from "node:assert/strict";
import { test } from "node:test";
import { createStock } from "../src/stock.js";

test("stock goes up and down", () => {
  const stock = createStock();
  stock.add("tea-100", 5);
  stock.take("TEA-100", 2);
  assert.equal(stock.level("tea-100"), 3);
});

test("taking more than there is throws and changes nothing", () => {
  const stock = createStock();
  stock.add("AB-10", 1);
  assert.throws(() => stock.take("AB-10", 2), RangeError);
  assert.equal(stock.level("AB-10"), 1);
});
