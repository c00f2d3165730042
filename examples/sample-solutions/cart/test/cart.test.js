import assert from "node:assert/strict";
import { test } from "node:test";
import { createCart } from "../src/cart.js";
import { createCatalog } from "../src/catalog.js";

const catalog = createCatalog([
  { sku: "TEA-100", name: "Tea", cents: 450 },
  { sku: "MUG-20", name: "Mug", cents: 1200 },
]);

test("a cart adds up its lines", () => {
  const cart = createCart(catalog);
  cart.add("tea-100", 2);
  cart.add("MUG-20");
  cart.add("TEA-100");
  assert.equal(cart.subtotal(), 3 * 450 + 1200);
  assert.deepEqual(cart.lines()[0], { sku: "TEA-100", quantity: 3, cents: 450 });
});

test("a cart refuses unknown SKUs", () => {
  assert.throws(() => createCart(catalog).add("NOPE-1"), RangeError);
});
