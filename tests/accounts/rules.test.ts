import { beforeAll, expect, test } from "vitest";
import { LOGIN_LIMIT_EMAIL, loginRetryAfter, verifyLogin } from "@/lib/auth/login";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";
import { can, removalProblem, roleChangeProblem, scopeAllows } from "@/lib/auth/permissions";
import { consumePasswordReset, createPasswordReset } from "@/lib/data/password-resets";
import { createUser } from "@/lib/data/users";
import { useTempDataDir } from "../helpers/temp-data";

beforeAll(() => {
  useTempDataDir();
});

test.each([
  ["short", "Use at least 10 characters."],
  ["aaaaaaaaaaaa", "Use more than one repeated character."],
  ["password123", "That password is too common."],
  ["x".repeat(201), "Use at most 200 characters."],
])("the password %j is refused: %s", (pw, why) => {
  expect(passwordProblem(pw)).toBe(why);
});

test("a password built from the email is refused; a good one passes", () => {
  expect(passwordProblem("jonathan-2026!", "jonathan@example.com")).toMatch(/email/);
  expect(passwordProblem("correct horse battery", "jonathan@example.com")).toBeNull();
});

test("passwords are salted: the same password hashes differently and both verify", async () => {
  const a = await hashPassword("same password here");
  const b = await hashPassword("same password here");
  expect(a).not.toBe(b);
  expect(a.startsWith("scrypt$")).toBe(true);
  expect(await verifyPassword("same password here", a)).toBe(true);
  expect(await verifyPassword("other password", a)).toBe(false);
  expect(await verifyPassword("anything", await decoyHash())).toBe(false);
});

test("five failed logins for one email pause it, even for the right password", async () => {
  await createUser({ email: "limited@rules.test", name: "", password: "the right password" });
  for (let i = 0; i < LOGIN_LIMIT_EMAIL.max; i++) {
    expect(await verifyLogin("limited@rules.test", "wrong password", `10.0.0.${i}`)).toBeNull();
  }
  expect(await loginRetryAfter("limited@rules.test", "10.9.9.9")).toBeGreaterThan(0);
  expect(await verifyLogin("limited@rules.test", "the right password", "10.9.9.9")).toBeNull();
});

test("a successful login clears the failures of that email", async () => {
  await createUser({ email: "clears@rules.test", name: "", password: "the right password" });
  await verifyLogin("clears@rules.test", "wrong", "10.1.1.1");
  expect((await verifyLogin("clears@rules.test", "the right password", "10.1.1.1"))?.email).toBe(
    "clears@rules.test",
  );
  expect(await loginRetryAfter("clears@rules.test", "10.1.1.1")).toBeNull();
});

test("a password reset token works once", async () => {
  const user = await createUser({ email: "reset@rules.test", name: "" });
  const token = await createPasswordReset(user.id);
  expect(await consumePasswordReset(token)).toBe(user.id);
  expect(await consumePasswordReset(token)).toBeNull();
});

test("the role table: viewers read, members write comments, admins settings, owners members:admin", () => {
  expect(can("viewer", "recordings:read")).toBe(true);
  expect(can("viewer", "comments:write")).toBe(false);
  expect(can("member", "comments:write")).toBe(true);
  expect(can("member", "settings:write")).toBe(false);
  expect(can("admin", "settings:write")).toBe(true);
  expect(can("admin", "members:admin")).toBe(false);
  expect(can("owner", "workspace:delete")).toBe(true);
  expect(scopeAllows(["read"], "recordings:read")).toBe(true);
  expect(scopeAllows(["read"], "comments:write")).toBe(false);
  expect(scopeAllows(["read", "write"], "settings:write")).toBe(true);
});

test("the last owner can neither be demoted nor leave", () => {
  expect(
    roleChangeProblem({ actorRole: "owner", actorIsTarget: true, from: "owner", to: "admin", owners: 1 }),
  ).toMatch(/last owner/);
  expect(removalProblem({ actorRole: "owner", actorIsTarget: true, role: "owner", owners: 1 })).toMatch(
    /last owner/,
  );
  expect(
    roleChangeProblem({ actorRole: "owner", actorIsTarget: true, from: "owner", to: "admin", owners: 2 }),
  ).toBeNull();
});

test("nobody raises their own role", () => {
  expect(
    roleChangeProblem({ actorRole: "admin", actorIsTarget: true, from: "admin", to: "owner", owners: 1 }),
  ).toMatch(/own role/);
  expect(
    roleChangeProblem({ actorRole: "member", actorIsTarget: true, from: "member", to: "admin", owners: 1 }),
  ).toMatch(/own role/);
});

test("only owners grant or remove owner and admin", () => {
  expect(
    roleChangeProblem({ actorRole: "admin", actorIsTarget: false, from: "member", to: "admin", owners: 1 }),
  ).toMatch(/Only owners/);
  expect(
    roleChangeProblem({ actorRole: "admin", actorIsTarget: false, from: "admin", to: "viewer", owners: 1 }),
  ).toMatch(/Only owners/);
  expect(
    roleChangeProblem({ actorRole: "owner", actorIsTarget: false, from: "member", to: "admin", owners: 1 }),
  ).toBeNull();
  expect(
    roleChangeProblem({ actorRole: "admin", actorIsTarget: false, from: "viewer", to: "member", owners: 1 }),
  ).toBeNull();
  expect(removalProblem({ actorRole: "admin", actorIsTarget: false, role: "admin", owners: 1 })).toMatch(
    /Only owners/,
  );
  expect(removalProblem({ actorRole: "admin", actorIsTarget: false, role: "member", owners: 1 })).toBeNull();
  expect(removalProblem({ actorRole: "member", actorIsTarget: false, role: "viewer", owners: 1 })).toMatch(
    /Only admins/,
  );
  expect(removalProblem({ actorRole: "viewer", actorIsTarget: true, role: "viewer", owners: 1 })).toBeNull();
});
