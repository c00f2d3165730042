import type { SandboxContext } from "./context.js";
import { installationRef, repositoryShape, userShape } from "./shapes/common.js";

/**
 * Emits an event the way GitHub does: the event's own fields plus `repository`, `installation`
 * (for the app under test) and `sender`.
 */
export function emit(
  ctx: SandboxContext,
  name: string,
  action: string | undefined,
  fields: Record<string, unknown>,
  sender: string,
): void {
  ctx.webhooks.push(name, {
    ...(action === undefined ? {} : { action }),
    ...fields,
    repository: repositoryShape(ctx),
    installation: installationRef(ctx),
    sender: userShape(ctx, sender),
  });
}
