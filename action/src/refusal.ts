/**
 * An expected reason not to do the work (bad inputs, a brief that does not match the dispatch). It
 * carries every problem found, so the person reading the failed step fixes them all in one go. No
 * model call is made and no result is posted: the app sees the failed run instead.
 */
export class Refusal extends Error {
  override readonly name = "Refusal";
  constructor(
    readonly summary: string,
    readonly problems: readonly string[],
  ) {
    super(problems.length > 0 ? `${summary}:\n- ${problems.join("\n- ")}` : summary);
  }
}
