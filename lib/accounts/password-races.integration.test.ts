// The password limits of the delete and change-password forms under simultaneous tries. The password check is wrapped so the
// test can count the tries that reach it and hold them there (a gate), which makes "all at once"
// certain instead of a matter of timing: every try is either refused or waiting at the check
// before any check finishes.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { deleteOwnAccount, MAX_DELETE_PASSWORD_FAILURES } from "@/lib/accounts/delete";
import { changeOwnPassword, MAX_CHANGE_PASSWORD_FAILURES } from "@/lib/accounts/password";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeActor, TEST_PASSWORD } from "@/tests/integration/factories";

const checks = vi.hoisted(() => {
  let open: () => void = () => {};
  const state = {
    /** Tries that reached the password check since the test began. */
    reached: 0,
    gate: Promise.resolve(),
    close() {
      state.gate = new Promise<void>((resolve) => (open = resolve));
    },
    open() {
      open();
      state.gate = Promise.resolve();
    },
  };
  return state;
});

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...real,
    verifyPassword: async (passwordHash: string, password: string) => {
      checks.reached += 1;
      await checks.gate;
      return real.verifyPassword(passwordHash, password);
    },
  };
});

beforeEach(() => {
  checks.reached = 0;
});
afterEach(() => checks.open());

async function settle(attempts: Array<Promise<unknown>>): Promise<{ settled: () => number; outcomes: Promise<Array<AppError | "done">> }> {
  let settled = 0;
  const outcomes = Promise.all(
    attempts.map((attempt) =>
      attempt.then(
        () => "done" as const,
        (error: unknown) => {
          if (!(error instanceof AppError)) throw error;
          return error;
        },
      ).finally(() => (settled += 1)),
    ),
  );
  return { settled: () => settled, outcomes };
}

describe("deleteOwnAccount under simultaneous tries", () => {
  it(`lets at most ${MAX_DELETE_PASSWORD_FAILURES} of 30 simultaneous wrong passwords reach the password check`, async () => {
    const reader = await makeActor("READER");
    checks.close();
    const run = await settle(Array.from({ length: 30 }, (_, i) => deleteOwnAccount(reader, { comments: "keep", password: `guess number ${i}` })));
    // Every try has been refused or is waiting at the check: only then do the checks go on.
    await vi.waitFor(() => expect(run.settled() + checks.reached).toBe(30), { timeout: 20_000, interval: 20 });
    checks.open();
    const outcomes = await run.outcomes;

    expect(checks.reached).toBeLessThanOrEqual(MAX_DELETE_PASSWORD_FAILURES);
    const codes = outcomes.map((outcome) => (outcome === "done" ? outcome : outcome.code));
    expect(codes.filter((code) => code === "INVALID_INPUT")).toHaveLength(checks.reached);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(30 - checks.reached);
    expect(await db.user.count({ where: { id: reader.id } })).toBe(1);
  });

  it("does not delete the account when 29 wrong passwords and the right one arrive together", async () => {
    const reader = await makeActor("READER");
    checks.close();
    const wrong = await settle(Array.from({ length: 29 }, (_, i) => deleteOwnAccount(reader, { comments: "remove", password: `guess number ${i}` })));
    await vi.waitFor(() => expect(wrong.settled() + checks.reached).toBe(29), { timeout: 20_000, interval: 20 });
    // The right password arrives while the wrong ones are still being checked; it is refused or
    // waits at the check too before any check finishes.
    const wrongAtCheck = checks.reached;
    const right = await settle([deleteOwnAccount(reader, { comments: "remove", password: TEST_PASSWORD })]);
    await vi.waitFor(() => expect(right.settled() + checks.reached - wrongAtCheck).toBe(1), { timeout: 20_000, interval: 20 });
    checks.open();
    const [rightOutcome] = await right.outcomes;
    await wrong.outcomes;

    expect(rightOutcome).toBeInstanceOf(AppError);
    expect((rightOutcome as AppError).code).toBe("RATE_LIMITED");
    expect(await db.user.count({ where: { id: reader.id } })).toBe(1);
    expect(checks.reached).toBeLessThanOrEqual(MAX_DELETE_PASSWORD_FAILURES);
  });
});

describe("changeOwnPassword under simultaneous tries", () => {
  it(`lets at most ${MAX_CHANGE_PASSWORD_FAILURES} of 30 simultaneous wrong current passwords reach the check, and the right one after them is refused`, async () => {
    const reader = await makeActor("READER");
    checks.close();
    const wrong = await settle(
      Array.from({ length: 29 }, (_, i) => changeOwnPassword(reader, { currentPassword: `guess number ${i}`, newPassword: "a brand new passphrase" })),
    );
    await vi.waitFor(() => expect(wrong.settled() + checks.reached).toBe(29), { timeout: 20_000, interval: 20 });
    const wrongAtCheck = checks.reached;
    const right = await settle([changeOwnPassword(reader, { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" })]);
    await vi.waitFor(() => expect(right.settled() + checks.reached - wrongAtCheck).toBe(1), { timeout: 20_000, interval: 20 });
    checks.open();
    const [rightOutcome] = await right.outcomes;
    await wrong.outcomes;

    expect(checks.reached).toBeLessThanOrEqual(MAX_CHANGE_PASSWORD_FAILURES);
    expect((rightOutcome as AppError).code).toBe("RATE_LIMITED");
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { passwordHash: true } });
    expect(await verifyPassword(passwordHash, TEST_PASSWORD)).toBe(true);
  });
});
