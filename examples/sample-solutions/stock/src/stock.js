import { normalizeSku } from "./sku.js";

/** Stock levels by SKU: `add` receives goods, `take` removes them or throws when short. */
export function createStock() {
  const levels = new Map();
  return {
    add(sku, quantity) {
      const key = normalizeSku(sku);
      levels.set(key, (levels.get(key) ?? 0) + quantity);
    },
    take(sku, quantity) {
      const key = normalizeSku(sku);
      const have = levels.get(key) ?? 0;
      if (have < quantity) throw new RangeError(`only ${have} of ${key} in stock, ${quantity} wanted`);
      levels.set(key, have - quantity);
    },
    level: (sku) => levels.get(normalizeSku(sku)) ?? 0,
  };
}
