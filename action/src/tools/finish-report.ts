import { z } from "zod";
import { ItemResult } from "../../../src/protocol/result.js";

/** The model's account of one item: the protocol's `ItemResult` without what the harness adds. */
export const ItemReport = ItemResult.omit({ harness: true }).extend({ problems_encountered: z.array(z.string()) });
export type ItemReport = z.infer<typeof ItemReport>;

/**
 * The input of `finish`: one report per brief item. Its own file so the tool context (which hands a report
 * to `onFinish`) and the `finish` tool (which builds on the context) both depend on it, not on each other.
 */
export const FinishReport = z.object({ items: z.array(ItemReport).min(1) });
export type FinishReport = z.infer<typeof FinishReport>;
