import assert from "node:assert/strict";
import { test } from "node:test";
import { isSku, normalizeSku } from "../src/sku.js";

test("normalizeSku trims and upper-cases", () => {
  assert.equal(normalizeSku(" ab-12 "), "AB-12");
});

test("isSku accepts letters, a dash and digits", () => {
  assert.equal(isSku("tea-100"), true);
  assert.equal(isSku("T-1"), false);
  assert.equal(isSku("TEA100"), false);
});
