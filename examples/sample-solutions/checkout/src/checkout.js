import { applyDiscount } from "./discounts.js";
import { createStock } from "./stock.js";
import { taxCents } from "./tax.js";

/**
 * Checks out `{ sku, quantity, cents }` lines against `stock`: takes the goods (all or nothing),
 * applies the discount, adds tax. Returns the amounts in cents.
 */
export function checkout(lines, stock = createStock(), { taxRate = 0, discount } = {}) {
  for (const line of lines) {
    if (stock.level(line.sku) < line.quantity) throw new RangeError(`not enough ${line.sku} in stock`);
  }
  for (const line of lines) stock.take(line.sku, line.quantity);
  const subtotal = applyDiscount(
    lines.reduce((sum, line) => sum + line.cents * line.quantity, 0),
    discount,
  );
  const tax = taxCents(subtotal, taxRate);
  return { subtotal, tax, total: subtotal + tax };
}
