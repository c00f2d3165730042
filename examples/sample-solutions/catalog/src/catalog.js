import { isSku, normalizeSku } from "./sku.js";

/** A catalog of `{ sku, name, cents }` items, looked up by SKU in any case. */
export function createCatalog(items) {
  const bySku = new Map();
  for (const item of items) {
    if (!isSku(item.sku)) throw new RangeError(`bad SKU ${JSON.stringify(item.sku)}`);
    const sku = normalizeSku(item.sku);
    if (bySku.has(sku)) throw new RangeError(`SKU ${sku} listed twice`);
    bySku.set(sku, { ...item, sku });
  }
  return {
    get: (sku) => bySku.get(normalizeSku(sku)),
    priceOf(sku) {
      const item = bySku.get(normalizeSku(sku));
      if (!item) throw new RangeError(`unknown SKU ${sku}`);
      return item.cents;
    },
    size: () => bySku.size,
  };
}
