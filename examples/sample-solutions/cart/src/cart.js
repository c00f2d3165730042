import { normalizeSku } from "./sku.js";

/** A cart over a catalog: lines by SKU with quantities, and their subtotal in cents. */
export function createCart(catalog) {
  const lines = new Map();
  return {
    add(sku, quantity = 1) {
      const key = normalizeSku(sku);
      catalog.priceOf(key); // unknown SKUs throw here, not at checkout
      lines.set(key, (lines.get(key) ?? 0) + quantity);
    },
    lines: () => [...lines].map(([sku, quantity]) => ({ sku, quantity, cents: catalog.priceOf(sku) })),
    subtotal: () => [...lines].reduce((sum, [sku, quantity]) => sum + catalog.priceOf(sku) * quantity, 0),
  };
}
