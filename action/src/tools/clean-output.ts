import { stripVTControlCharacters } from "node:util";

/**
 * Command output as a reader would see it in a terminal, in plain text: ANSI escape codes (colours,
 * cursor moves) removed with `util.stripVTControlCharacters`, and each line reduced to what a carriage
 * return left on screen (a progress bar's last state), so the model gets text, not escape sequences.
 */
export function cleanOutput(text: string): string {
  return stripVTControlCharacters(text)
    .split("\n")
    .map((line) => {
      const parts = line.replace(/\r$/, "").split("\r");
      return parts.filter((part) => part !== "").at(-1) ?? "";
    })
    .join("\n");
}
