import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import {
  DUPLICATE_EMAIL_MESSAGE,
  HONEYPOT_MESSAGE,
  MAX_SIGNUPS_PER_ADDRESS,
  MAX_SIGNUPS_PER_EMAIL,
  signUpReader,
} from "@/lib/accounts/signup";
import { authenticate } from "@/lib/auth/sign-in";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { freshAddress as freshTestAddress } from "@/tests/addresses";

const PASSWORD = "a long enough passphrase";

function freshEmail(): string {
  return `signup-${randomUUID().slice(0, 8)}@example.test`;
}
// Each test gets its own address, so the per-address limit of one test never touches another.
const freshAddress = () => freshTestAddress("1");

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function accountsWith(email: string): Promise<number> {
  return db.user.count({ where: { email } });
}

describe("signUpReader", () => {
  it("creates a reader with an argon2id hash, a trimmed name and a lower-cased email, audited", async () => {
    const email = freshEmail();
    const account = await signUpReader({ displayName: "  Ada   Lovelace ", email: `  ${email.toUpperCase()} `, password: PASSWORD }, { address: freshAddress() });
    const stored = await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { email: true, displayName: true, role: true, status: true, passwordHash: true } });
    expect(stored).toMatchObject({ email, displayName: "Ada Lovelace", role: "READER", status: "ACTIVE" });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, PASSWORD)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "account.create", entityId: account.id } })).toBe(1);
    // The new account signs in like any other.
    expect((await authenticate({ email, password: PASSWORD }, { sleep: async () => {} })).ok).toBe(true);
  });

  it("refuses invalid input field by field and writes nothing, not even a rate-limit count", async () => {
    const email = freshEmail();
    const address = freshAddress();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ displayName: "A", email, password: PASSWORD }, "displayName"],
      [{ displayName: "Ada\u0000", email, password: PASSWORD }, "displayName"],
      [{ displayName: "Newshub Staff", email, password: PASSWORD }, "displayName"],
      [{ displayName: "Ada", email: "not-an-email", password: PASSWORD }, "email"],
      [{ displayName: "Ada", email, password: "short pass" }, "password"],
      [{ displayName: "Ada", email, password: "x".repeat(201) }, "password"],
      [{ displayName: "Ada", email, password: "password1234" }, "password"],
      [{ displayName: "Ada", email, password: email }, "password"],
      [{ displayName: ["Ada"], email, password: PASSWORD }, "displayName"],
    ];
    for (const [input, field] of cases) {
      const error = await refusal(signUpReader(input, { address }));
      expect(error.code).toBe("INVALID_INPUT");
      expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(input)).toContain(field);
    }
    expect(await accountsWith(email)).toBe(0);
    expect(await db.rateLimit.count({ where: { key: { in: [`signup:ip:${address}`, `signup:email:${email}`] } } })).toBe(0);
  });

  it("refuses a name posing as the newsroom behind invisible or look-alike characters, and a control character anywhere, writing nothing", async () => {
    const email = freshEmail();
    const address = freshAddress();
    for (const displayName of ["Ad\u200Bmin", "The Ed\u00ADitor", "\u0410dmin", "\uFF21dmin", "St\u0430ff"]) {
      const error = await refusal(signUpReader({ displayName, email, password: PASSWORD }, { address }));
      expect(error.fieldErrors?.displayName, JSON.stringify(displayName)).toEqual(["That display name could be mistaken for the newsroom's staff. Choose another."]);
    }
    const nul = await refusal(signUpReader({ displayName: "Ada\u0000Lovelace", email, password: PASSWORD }, { address }));
    expect(nul.fieldErrors?.displayName).toEqual(["Your display name contains a NUL character (U+0000): remove it and try again."]);
    const surrogate = await refusal(signUpReader({ displayName: "Ada \uD83D", email, password: PASSWORD }, { address }));
    expect(surrogate.fieldErrors?.displayName?.[0]).toMatch(/^Your display name contains a broken character/);
    const badEmail = await refusal(signUpReader({ displayName: "Ada", email: `ada\u0000${email}`, password: PASSWORD }, { address }));
    expect(badEmail.fieldErrors?.email).toEqual(["Your email contains a NUL character (U+0000): remove it and try again."]);
    expect(await accountsWith(email)).toBe(0);
    expect(await db.rateLimit.count({ where: { key: { in: [`signup:ip:${address}`, `signup:email:${email}`] } } })).toBe(0);
  });

  it("stores a name as typed, invisible characters and all, when no rule refuses it", async () => {
    const email = freshEmail();
    const account = await signUpReader({ displayName: "Zo\u00EB \uD83D\uDC69\u200D\uD83D\uDCBB", email, password: PASSWORD }, { address: freshAddress() });
    expect((await db.user.findUniqueOrThrow({ where: { id: account.id }, select: { displayName: true } })).displayName).toBe("Zo\u00EB \uD83D\uDC69\u200D\uD83D\uDCBB");
  });

  it("quietly refuses a form whose honeypot is filled in, and writes nothing at all", async () => {
    const email = freshEmail();
    const address = freshAddress();
    const error = await refusal(signUpReader({ displayName: "Ada", email, password: PASSWORD }, { address, honeypot: "https://spam.example" }));
    expect(error).toMatchObject({ code: "INVALID_INPUT", message: HONEYPOT_MESSAGE, fieldErrors: undefined });
    expect(await accountsWith(email)).toBe(0);
    expect(await db.rateLimit.count({ where: { key: { in: [`signup:ip:${address}`, `signup:email:${email}`] } } })).toBe(0);
  });

  it("tells a second sign-up with the same email to sign in, whatever its case, and keeps the first account as it was", async () => {
    const email = freshEmail();
    const first = await signUpReader({ displayName: "First", email, password: PASSWORD }, { address: freshAddress() });
    const before = await db.user.findUniqueOrThrow({ where: { id: first.id }, select: { displayName: true, passwordHash: true, updatedAt: true } });
    const error = await refusal(signUpReader({ displayName: "Second", email: email.toUpperCase(), password: "another long passphrase" }, { address: freshAddress() }));
    expect(error).toMatchObject({ code: "CONFLICT", message: DUPLICATE_EMAIL_MESSAGE });
    expect(await accountsWith(email)).toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { id: first.id }, select: { displayName: true, passwordHash: true, updatedAt: true } })).toEqual(before);
    expect(await db.auditLog.count({ where: { action: "account.create", entityId: first.id } })).toBe(1);
  });

  it("lets exactly one of two simultaneous sign-ups for one email through", async () => {
    const email = freshEmail();
    const results = await Promise.allSettled([
      signUpReader({ displayName: "One", email, password: PASSWORD }, { address: freshAddress() }),
      signUpReader({ displayName: "Two", email, password: PASSWORD }, { address: freshAddress() }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await accountsWith(email)).toBe(1);
  });

  it(`refuses more than ${MAX_SIGNUPS_PER_ADDRESS} sign-ups an hour from one address, creating nothing`, async () => {
    const address = freshAddress();
    for (let i = 0; i < MAX_SIGNUPS_PER_ADDRESS; i += 1) {
      await signUpReader({ displayName: `Reader ${i}`, email: freshEmail(), password: PASSWORD }, { address });
    }
    const email = freshEmail();
    const error = await refusal(signUpReader({ displayName: "One too many", email, password: PASSWORD }, { address }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/Too many accounts have been created from your network\. Try again in \d+ minutes\./);
    expect(await accountsWith(email)).toBe(0);
    // Another address is not affected.
    await signUpReader({ displayName: "Elsewhere", email, password: PASSWORD }, { address: freshAddress() });
    expect(await accountsWith(email)).toBe(1);
  });

  it(`refuses more than ${MAX_SIGNUPS_PER_EMAIL} tries for one email an hour, so emails cannot be probed in bulk`, async () => {
    const email = freshEmail();
    await signUpReader({ displayName: "Owner", email, password: PASSWORD }, { address: freshAddress() });
    for (let i = 1; i < MAX_SIGNUPS_PER_EMAIL; i += 1) {
      expect((await refusal(signUpReader({ displayName: "Prober", email, password: PASSWORD }, { address: freshAddress() }))).code).toBe("CONFLICT");
    }
    const error = await refusal(signUpReader({ displayName: "Prober", email, password: PASSWORD }, { address: freshAddress() }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).not.toMatch(/exists/);
    expect(await accountsWith(email)).toBe(1);
  });

  it("holds the per-address limit under simultaneous sign-ups", async () => {
    const address = freshAddress();
    const emails = Array.from({ length: MAX_SIGNUPS_PER_ADDRESS + 3 }, freshEmail);
    const results = await Promise.allSettled(emails.map((email, i) => signUpReader({ displayName: `Burst ${i}`, email, password: PASSWORD }, { address })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(MAX_SIGNUPS_PER_ADDRESS);
    expect(await db.user.count({ where: { email: { in: emails } } })).toBe(MAX_SIGNUPS_PER_ADDRESS);
  });
});
