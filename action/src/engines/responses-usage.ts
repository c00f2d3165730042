import { z } from "zod";
import type { ProxyUsage } from "./budget-gate.js";

/** A Responses API `usage` block: what a reply cost. */
const Usage = z.object({
  input_tokens: z.number().int().nonnegative(),
  input_tokens_details: z.object({ cached_tokens: z.number().int().nonnegative() }).nullish(),
  output_tokens: z.number().int().nonnegative(),
});

/** Where the usage sits: the `response.completed` event of a stream, or the body of a JSON reply. */
const Completed = z.object({ type: z.literal("response.completed"), response: z.object({ usage: Usage }) });
const Whole = z.object({ usage: Usage });

export interface UsageTap {
  write(chunk: Uint8Array): void;
  /** The reply is over: a JSON (non-streamed) body is read now. */
  end(): void;
}

/**
 * Reads the usage of one Responses API reply as it streams through the key proxy (key-proxy.ts),
 * unchanged: each server-sent event's `data:` line as it completes, or a JSON body at its end. A reply
 * without a recognisable usage (a provider that reports none) still counts, as a turn with no tokens,
 * so the turn budget bounds any provider; the key proxy taps only successful replies.
 */
export function usageTap(contentType: string, onUsage: (usage: ProxyUsage) => void): UsageTap {
  const decoder = new TextDecoder();
  const streamed = contentType.includes("text/event-stream");
  let pending = "";
  let counted = false;
  const take = (usage: z.infer<typeof Usage>) => {
    counted = true;
    onUsage({
      input_tokens: usage.input_tokens,
      cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0,
      output_tokens: usage.output_tokens,
    });
  };
  const line = (text: string) => {
    if (!text.startsWith("data:")) return;
    const event = Completed.safeParse(parseJson(text.slice(5).trim()));
    if (event.success) take(event.data.response.usage);
  };
  return {
    write(chunk) {
      pending += decoder.decode(chunk, { stream: true });
      if (!streamed) return;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const text of lines) line(text);
    },
    end() {
      pending += decoder.decode();
      if (streamed) line(pending);
      else {
        const body = Whole.safeParse(parseJson(pending));
        if (body.success) take(body.data.usage);
      }
      pending = "";
      if (!counted) onUsage({ input_tokens: 0, cached_tokens: 0, output_tokens: 0 });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
