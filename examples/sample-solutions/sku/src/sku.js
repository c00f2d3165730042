const SKU = /^[A-Z]{2,4}-\d{2,6}$/;

/** Upper-cases and trims a SKU: " ab-12 " → "AB-12". */
export function normalizeSku(text) {
  return String(text).trim().toUpperCase();
}

/** Whether `text` (normalized) is a SKU: two to four letters, a dash, two to six digits. */
export function isSku(text) {
  return SKU.test(normalizeSku(text));
}
