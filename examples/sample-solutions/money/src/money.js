/** Formats an amount in cents as dollars: 1234 → "$12.34", -5 → "-$0.05". */
export function formatCents(cents) {
  if (!Number.isInteger(cents)) throw new TypeError(`cents must be an integer, got ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Parses "12.34", "$12.34" or "12" into cents; throws on anything else. */
export function parseCents(text) {
  const match = /^\s*\$?(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) throw new RangeError(`not an amount: ${JSON.stringify(text)}`);
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}
