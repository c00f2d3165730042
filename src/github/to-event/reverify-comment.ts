import { decodeMarker } from "../../protocol/marker.js";
import { Reverification } from "../../protocol/reverify.js";
import { isTrustedResultAuthor } from "../reads/result-author.js";
import { type BuildIO, type Built, nothing } from "../reconcile/intake.js";

/**
 * A re-verification comment (`<!-- conductor:reverify … -->`) on a module PR → `ReverifyPosted`. Its
 * author is checked exactly like a result's (result-author.ts): only the App's own bot, so the verify
 * job — which ran the model's code and holds no write credential — cannot speak for itself
 * (docs/security.md#independent-re-verification).
 */
export async function reverifyEvents(
  io: BuildIO,
  id: string,
  module: string | undefined,
  comment: { id: number; body: string; user: { login: string } | null },
): Promise<Built> {
  if (!module) return nothing;
  const read = decodeMarker("reverify", comment.body, Reverification);
  if (!read.ok) {
    io.log.warn({ comment: comment.id, problem: read.message }, "re-verification comment does not parse; ignored");
    return nothing;
  }
  const author = comment.user?.login ?? "";
  const authorIsApp = isTrustedResultAuthor(author, await io.identity.botLogin(), io.record?.config);
  if (!authorIsApp) io.log.warn({ comment: comment.id, author }, "re-verification comment not posted by the app");
  const { attempt, nonce, head_sha } = read.value;
  return {
    events: [
      {
        type: "ReverifyPosted",
        id,
        module,
        comment_id: comment.id,
        attempt,
        nonce,
        head_sha,
        author_is_app: authorIsApp,
      },
    ],
  };
}
