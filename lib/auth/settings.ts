// The sign-in settings an admin sets at /desk/settings, kept in the Setting table beside the
// comment settings (lib/comments/settings.ts). "Require two-factor sign-in for admins": when on,
// an admin without it is sent to enrol before any desk page, and assertCan refuses them every
// permission but commenting (lib/auth/actor.ts, which reads the setting in the statement that
// loads the acting person, so it counts on their next request on every instance).

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, REQUIRE_TWO_FACTOR_KEY, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { CHOOSE_YES_OR_NO } from "@/lib/validation/sentences";

export interface AuthSettings {
  requireTwoFactorForAdmins: boolean;
}

/** The sign-in settings, for the settings page (admins: settings.manage). */
export async function getAuthSettings(actor: Actor | null): Promise<AuthSettings> {
  assertCan(actor, "settings.manage", "Only admins can see the sign-in settings.");
  return readAuthSettings();
}

async function readAuthSettings(): Promise<AuthSettings> {
  const row = await db.setting.findUnique({ where: { key: REQUIRE_TWO_FACTOR_KEY }, select: { value: true } });
  return { requireTwoFactorForAdmins: row?.value === true };
}

const inputSchema = z.object({
  requireTwoFactorForAdmins: z.union([z.boolean(), z.enum(["on", "off", "true", "false"])], { error: CHOOSE_YES_OR_NO }).transform((value) => value === true || value === "on" || value === "true"),
});

/** Changes the sign-in settings (admins: settings.manage); audited. */
export async function updateAuthSettings(actor: Actor | null, input: unknown): Promise<AuthSettings> {
  const admin = assertCan(actor, "settings.manage", "Only admins can change the sign-in settings.");
  const { requireTwoFactorForAdmins } = parseInput(inputSchema, input ?? {}, { message: CHOOSE_YES_OR_NO });
  // The admin turning it on would be locked out of this very page by their own change.
  if (requireTwoFactorForAdmins && !admin.hasTwoFactor) {
    throw new AppError("INVALID_TRANSITION", "Turn on two-factor sign-in for your own account first (Security, on your account page).");
  }
  const before = await readAuthSettings();
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: REQUIRE_TWO_FACTOR_KEY },
      create: { key: REQUIRE_TWO_FACTOR_KEY, value: requireTwoFactorForAdmins },
      update: { value: requireTwoFactorForAdmins },
      select: { key: true },
    });
    if (before.requireTwoFactorForAdmins !== requireTwoFactorForAdmins) {
      await recordAudit(tx, {
        actorId: admin.id,
        action: "setting.update",
        entityType: "setting",
        entityId: REQUIRE_TWO_FACTOR_KEY,
        data: { before: before.requireTwoFactorForAdmins, after: requireTwoFactorForAdmins },
      });
    }
  });
  return { requireTwoFactorForAdmins };
}
