import assert from "node:assert/strict";
import { test } from "node:test";
import { createCatalog } from "../src/catalog.js";

test("a catalog finds items by SKU in any case", () => {
  const catalog = createCatalog([{ sku: "tea-100", name: "Tea", cents: 450 }]);
  assert.equal(catalog.get("TEA-100").name, "Tea");
  assert.equal(catalog.priceOf(" tea-100"), 450);
  assert.equal(catalog.size(), 1);
});

test("a catalog refuses bad and duplicate SKUs", () => {
  assert.throws(() => createCatalog([{ sku: "x", name: "X", cents: 1 }]), RangeError);
  assert.throws(
    () =>
      createCatalog([
        { sku: "AB-10", name: "A", cents: 1 },
        { sku: "ab-10", name: "B", cents: 2 },
      ]),
    RangeError,
  );
});
