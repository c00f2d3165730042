import { z } from "zod";
import { Role } from "./schema.js";

/** GitHub's repository roles from least to most (each includes the ones before it). */
export const ROLE_ORDER: readonly Role[] = Role.options;

/** True when `actual` is at least `needed`. `null` is "no access" (`none`) and satisfies nothing. */
export function hasRole(actual: Role | null, needed: Role): boolean {
  return actual !== null && ROLE_ORDER.indexOf(actual) >= ROLE_ORDER.indexOf(needed);
}

/**
 * The part of `GET /repos/{owner}/{repo}/collaborators/{username}/permission` we read. Everything is optional
 * so that a surprising shape degrades to "no access" instead of throwing.
 */
export const CollaboratorPermission = z.object({
  permission: z.string().nullish(),
  role_name: z.string().nullish(),
  user: z
    .object({
      permissions: z
        .object({
          admin: z.boolean().optional(),
          maintain: z.boolean().optional(),
          push: z.boolean().optional(),
          triage: z.boolean().optional(),
          pull: z.boolean().optional(),
        })
        .nullish(),
    })
    .nullish(),
});
export type CollaboratorPermission = z.infer<typeof CollaboratorPermission>;

/** A base role by name, any case. Parsed, not looked up: a custom role called `constructor` is no role. */
function baseRole(name: string | null | undefined): Role | null {
  const parsed = Role.safeParse(name?.toLowerCase());
  return parsed.success ? parsed.data : null;
}

/** The highest of the booleans in `user.permissions` (GitHub's `push` is `write`, `pull` is `read`). */
function fromFlags(flags: NonNullable<NonNullable<CollaboratorPermission["user"]>["permissions"]>): Role | null {
  if (flags.admin) return "admin";
  if (flags.maintain) return "maintain";
  if (flags.push) return "write";
  if (flags.triage) return "triage";
  if (flags.pull) return "read";
  return null;
}

/**
 * The role a collaborator-permission response grants, or `null` for no access. `role_name` decides when it
 * is one of GitHub's five base roles. It may also be `none` or the name of a custom repository role, whose
 * rank it does not tell; then GitHub's own flags in `user.permissions` decide, and without them the legacy
 * `permission` field (`admin | write | read | none`; maintain reads as write, triage as read). A custom role
 * is thus ranked by the base role it extends, never higher, and an answer of unexpected shape is no access.
 * Never use `author_association` for this (DESIGN §1).
 */
export function roleFromPermission(response: unknown): Role | null {
  const parsed = CollaboratorPermission.safeParse(response);
  if (!parsed.success) return null;
  const { role_name, permission, user } = parsed.data;
  const named = baseRole(role_name);
  if (named) return named;
  const flagged = user?.permissions ? fromFlags(user.permissions) : null;
  return flagged ?? baseRole(permission);
}
