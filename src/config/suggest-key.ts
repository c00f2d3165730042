import { z } from "zod";
import { Config } from "./schema.js";

/** Peels `.default()`, `.prefault()`, `.optional()` and `.nullable()` off a schema to reach its object. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The keys the schema accepts in the mapping at `path` (e.g. `["gates"]`), or none if it is not a mapping. */
export function knownKeysAt(path: readonly PropertyKey[], schema: z.ZodType = Config): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    if (!(current instanceof z.ZodObject) || typeof segment !== "string") return [];
    const child: z.ZodType | undefined = current.shape[segment];
    if (!child) return [];
    current = unwrap(child);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** `maxAttempts`, `max-attempts` and `Max_Attempts` all mean `max_attempts`. */
const normalize = (key: string) => key.toLowerCase().replace(/[-_\s]/g, "");

/**
 * The known key a misspelt one most likely meant, or null. A typo is the usual reason for an unknown key in a
 * hand-written file, and naming the right key saves a trip to the docs.
 */
export function suggestKey(unknown: string, known: readonly string[]): string | null {
  const wanted = normalize(unknown);
  let best: { key: string; distance: number } | null = null;
  for (const key of known) {
    const distance = editDistance(wanted, normalize(key));
    if (!best || distance < best.distance) best = { key, distance };
  }
  // Two edits, or a third of the word for long ones: close enough to be a typo, far enough not to guess.
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  return best && best.distance <= allowed ? best.key : null;
}
