import { formatCents } from "./money.js";
import { taxCents } from "./tax.js";

/** A plain-text receipt for `{ name, quantity, cents }` lines with tax at `taxRate` percent. */
export function renderReceipt(lines, { taxRate = 0 } = {}) {
  const subtotal = lines.reduce((sum, line) => sum + line.cents * line.quantity, 0);
  const tax = taxCents(subtotal, taxRate);
  return [
    ...lines.map((line) => `${line.quantity} x ${line.name}  ${formatCents(line.cents * line.quantity)}`),
    `Subtotal  ${formatCents(subtotal)}`,
    `Tax (${taxRate}%)  ${formatCents(tax)}`,
    `Total  ${formatCents(subtotal + tax)}`,
  ].join("\n");
}
