/**
 * Cuts `text` to at most `limit` characters, keeping its head, its tail or both, with a note saying how
 * much was cut so the model knows to look closer (read with an offset, narrow a search) if it matters.
 */
export function capOutput(text: string, limit: number, keep: "head" | "tail" | "both" = "both"): string {
  if (text.length <= limit) return text;
  const cut = text.length - limit;
  const note = `[… ${cut.toLocaleString("en-US")} of ${text.length.toLocaleString("en-US")} characters cut …]`;
  if (keep === "head") return `${text.slice(0, limit)}\n${note}`;
  if (keep === "tail") return `${note}\n${text.slice(text.length - limit)}`;
  const head = Math.floor(limit / 2);
  return `${text.slice(0, head)}\n${note}\n${text.slice(text.length - (limit - head))}`;
}

/** The last `lines` lines of `text`, at most `chars` characters: the part of a log that says what broke. */
export function tail(text: string, lines = 40, chars = 4000): string {
  const last = text.split("\n").slice(-lines).join("\n");
  return last.length > chars ? last.slice(last.length - chars) : last;
}
