// A suspension is not escaped by deleting the account and signing up again, nor by a "+tag" of the
// same address; a ban is not escaped when an admin deletes or anonymises the account.

import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { deleteOwnAccount } from "@/lib/accounts/delete";
import { emailBlockedMessage, findEmailBlock } from "@/lib/accounts/email-block";
import { signUpReader } from "@/lib/accounts/signup";
import { loadActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { DEFAULT_DATE_STYLE, formatDateTime } from "@/lib/format";
import { makeUser, TEST_PASSWORD } from "@/tests/integration/factories";
import { freshAddress as freshTestAddress } from "@/tests/addresses";

const PASSWORD = "a long enough passphrase";
const DAY_MS = 86_400_000;

const freshAddress = () => freshTestAddress("5");

function freshEmail(): string {
  return `block-${randomUUID().slice(0, 8)}@example.test`;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function signUp(email: string) {
  return signUpReader({ displayName: "Back again", email, password: PASSWORD }, { address: freshAddress() });
}

async function suspendedReader(email: string, until: Date | null = new Date(Date.now() + 7 * DAY_MS)) {
  const user = await makeUser("READER", { email });
  await db.user.update({ where: { id: user.id }, data: { status: "SUSPENDED", suspendedUntil: until, statusReason: "Abuse" } });
  return user;
}

async function blockRows(): Promise<Array<{ emailHash: string; until: Date | null }>> {
  return db.emailBlock.findMany({ select: { emailHash: true, until: true } });
}

describe("a suspended reader who deletes their account", () => {
  it("cannot sign up again with the email, in any case or under a +tag, until the suspension ends", async () => {
    const email = freshEmail();
    const until = new Date(Date.now() + 7 * DAY_MS);
    const user = await suspendedReader(email, until);
    await deleteOwnAccount(await loadActor(user.id), { comments: "keep", password: TEST_PASSWORD });
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);

    const [local, domain] = email.split("@");
    for (const again of [email, email.toUpperCase(), `${local}+fresh-start@${domain}`, ` ${local}+x+y@${domain?.toUpperCase()}`]) {
      const error = await refusal(signUp(again));
      expect(error.code, again).toBe("FORBIDDEN");
      expect(error.message).toBe(`This email cannot be used for a new account until ${formatDateTime(until, DEFAULT_DATE_STYLE)}. Try again then.`);
      expect(error.fieldErrors?.email).toEqual([error.message]);
    }
    expect(await db.user.count({ where: { email: { contains: local!.toLowerCase() } } })).toBe(0);

    // Only a hash is kept: the address appears nowhere in the block table.
    const rows = await blockRows();
    expect(JSON.stringify(rows)).not.toContain(local);
    const [hashed] = await db.$queryRaw<Array<{ hash: string }>>`SELECT "newsdesk_email_block_hash"(${email}) AS "hash"`;
    expect(hashed?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.find((row) => row.emailHash === hashed?.hash)?.until?.getTime()).toBe(until.getTime());
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "account.delete", entityId: user.id }, select: { data: true } });
    expect(audit.data).toEqual({ comments: "keep", commentCount: 0, signUpBlockedUntil: until.toISOString() });

    // Once the suspension would have ended, the email signs up like any other.
    await db.emailBlock.update({ where: { emailHash: hashed!.hash }, data: { until: new Date(Date.now() - 1000) } });
    expect((await signUp(`${local}+fresh-start@${domain}`)).email).toBe(`${local}+fresh-start@${domain}`);
  });

  it("leaves no block when the account was in good standing or its suspension had run out", async () => {
    const active = await makeUser("READER", { email: freshEmail() });
    const lapsed = await suspendedReader(freshEmail(), new Date(Date.now() - 1000));
    for (const user of [active, lapsed]) {
      await deleteOwnAccount(await loadActor(user.id), { comments: "keep", password: TEST_PASSWORD });
      expect(await findEmailBlock(user.email)).toBeNull();
      expect((await signUp(user.email)).email).toBe(user.email);
    }
  });
});

describe("a living suspended or banned account", () => {
  it("blocks sign-up under a +tag of its address", async () => {
    const until = new Date(Date.now() + 3 * DAY_MS);
    const suspended = await suspendedReader(freshEmail(), until);
    const banned = await makeUser("READER", { email: freshEmail() });
    await db.user.update({ where: { id: banned.id }, data: { status: "BANNED", statusReason: "Threats" } });
    const tagged = (email: string) => email.replace("@", "+second@");
    expect((await refusal(signUp(tagged(suspended.email)))).message).toBe(emailBlockedMessage({ until }, DEFAULT_DATE_STYLE));
    expect((await refusal(signUp(tagged(banned.email)))).message).toBe("This email cannot be used for a new account.");
  });
});

describe("an admin deleting or anonymising a banned or suspended account", () => {
  it("keeps the block: a ban's has no end", async () => {
    const banned = await makeUser("READER", { email: freshEmail() });
    await db.user.update({ where: { id: banned.id }, data: { status: "BANNED", statusReason: "Threats" } });
    // No admin screen deletes accounts yet; whatever does (here, plain SQL) goes through the trigger.
    await db.$executeRaw`DELETE FROM "User" WHERE "id" = ${banned.id}::uuid`;
    expect(await findEmailBlock(banned.email)).toEqual({ until: null });
    expect((await refusal(signUp(banned.email))).message).toBe("This email cannot be used for a new account.");

    const until = new Date(Date.now() + 2 * DAY_MS);
    const suspended = await suspendedReader(freshEmail(), until);
    await db.user.update({ where: { id: suspended.id }, data: { email: `anonymised-${suspended.id}@invalid` } });
    expect(await findEmailBlock(suspended.email)).toEqual({ until });
  });

  it("keeps the longer of two blocks on one address", async () => {
    const email = freshEmail();
    const longer = new Date(Date.now() + 9 * DAY_MS);
    const first = await suspendedReader(email, longer);
    await db.user.delete({ where: { id: first.id } });
    const second = await suspendedReader(email.replace("@", "+again@"), new Date(Date.now() + DAY_MS));
    await db.user.delete({ where: { id: second.id } });
    expect(await findEmailBlock(email)).toEqual({ until: longer });
  });
});

describe("newsdesk_email_block_key", () => {
  it("folds case, surrounding spaces and a +tag, and nothing else", async () => {
    const cases: Array<[string, string]> = [
      ["Ada@Example.ORG", "ada@example.org"],
      ["  ada+news@example.org ", "ada@example.org"],
      ["ada+news+more@example.org", "ada@example.org"],
      ["ada.lovelace@example.org", "ada.lovelace@example.org"],
      ["+only-a-tag@example.org", "+only-a-tag@example.org"],
      ["ada+tag@sub+domain@example.org", "ada+tag@sub+domain@example.org"],
    ];
    for (const [email, key] of cases) {
      const [row] = await db.$queryRaw<Array<{ key: string }>>`SELECT "newsdesk_email_block_key"(${email}) AS "key"`;
      expect(row?.key, email).toBe(key);
    }
  });
});
