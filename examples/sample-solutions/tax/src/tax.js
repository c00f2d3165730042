/** The tax on `cents` at `ratePercent` (e.g. 8.25), rounded half up to a whole cent. */
export function taxCents(cents, ratePercent) {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError(`cents must be a non-negative integer, got ${cents}`);
  if (!(ratePercent >= 0)) throw new RangeError(`rate must be non-negative, got ${ratePercent}`);
  return Math.floor((cents * ratePercent) / 100 + 0.5);
}
