/** Applies `{ percent }` or `{ cents }` off to an amount; never below zero. */
export function applyDiscount(cents, discount) {
  if (!discount) return cents;
  const off = "percent" in discount ? Math.round((cents * discount.percent) / 100) : discount.cents;
  return Math.max(0, cents - off);
}
