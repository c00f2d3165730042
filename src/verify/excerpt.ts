/** A line as a finding quotes it: trimmed, and cut at `max` characters so one long line cannot flood a check. */
export function excerpt(text: string, max = 120): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed;
}
