/** Bits of Shannon entropy per character of `text` (0 for ""): random keys score 4–6, words and `aaaa…` far less. */
export function shannonEntropy(text: string): number {
  const chars = Array.from(text);
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
