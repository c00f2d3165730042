import { describe, expect, test } from "vitest";
import { hasRole, ROLE_ORDER, roleFromPermission } from "../../src/config/roles.js";
import type { Role } from "../../src/config/schema.js";

describe("hasRole", () => {
  test("the order is read < triage < write < maintain < admin", () => {
    expect(ROLE_ORDER).toEqual(["read", "triage", "write", "maintain", "admin"]);
  });

  test.each<[Role | null, Role, boolean]>([
    ["admin", "maintain", true],
    ["maintain", "maintain", true],
    ["write", "maintain", false],
    ["triage", "write", false],
    ["write", "triage", true],
    ["read", "read", true],
    [null, "read", false],
  ])("%s has %s: %s", (actual, needed, expected) => {
    expect(hasRole(actual, needed)).toBe(expected);
  });
});

describe("roleFromPermission (collaborator-permission API)", () => {
  const flags = (set: Partial<Record<"admin" | "maintain" | "push" | "triage" | "pull", boolean>>) => ({
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: false, ...set },
  });

  test.each<[string, unknown, Role | null]>([
    ["base role name", { permission: "write", role_name: "maintain", user: null }, "maintain"],
    ["triage reads as read in the legacy field", { permission: "read", role_name: "triage" }, "triage"],
    ["role name in another case", { permission: "admin", role_name: "Admin" }, "admin"],
    [
      "custom role falls back to the flags",
      { permission: "write", role_name: "deployer", user: flags({ maintain: true, push: true, pull: true }) },
      "maintain",
    ],
    ["custom role without flags falls back to permission", { permission: "write", role_name: "deployer" }, "write"],
    ["custom role called constructor", { permission: "read", role_name: "constructor" }, "read"],
    ["custom role with a useless permission", { permission: "toString", role_name: "toString" }, null],
    ["none", { permission: "none", role_name: "none" }, null],
    ["none with no flags set", { permission: "none", role_name: "none", user: flags({}) }, null],
    ["missing role_name", { permission: "admin" }, "admin"],
    ["not an object", "admin", null],
    ["null", null, null],
    ["wrong field types", { permission: 1, role_name: ["admin"] }, null],
  ])("%s", (_, response, expected) => {
    expect(roleFromPermission(response)).toBe(expected);
  });
});
