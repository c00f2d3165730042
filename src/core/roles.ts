import type { Role } from "../config/schema.js";

const ORDER: readonly Role[] = ["read", "triage", "write", "maintain", "admin"];

/** True when `role` is `minimum` or more, in the order of GitHub's repository roles. */
export function hasRole(role: Role, minimum: Role): boolean {
  return ORDER.indexOf(role) >= ORDER.indexOf(minimum);
}
