// Whether an email may sign up now. A suspension must not end by deleting the account and signing
// up again, nor by a second account under a "+tag" of the same address: an email is blocked while
// a suspension (or a ban, without end) is in force on an account of the same address, living or
// deleted. Deleted accounts leave a hashed block behind them (the trigger of migration
// *_email_block_trigger, so every way of deleting one does); living ones are read as they are.
// Addresses are compared by the SQL function newsdesk_email_block_key: lower case, "+tag" dropped.

import "server-only";

import { db } from "@/lib/db";
import { formatDateTime, type DateStyle } from "@/lib/format";

export interface EmailBlock {
  /** When sign-up opens again for this email; null when it does not (a ban). */
  until: Date | null;
}

/** The block in force on this email, the longest if several, or null. */
export async function findEmailBlock(email: string): Promise<EmailBlock | null> {
  // Suspended and banned accounts are few, and the status index finds them.
  const rows = await db.$queryRaw<Array<{ until: Date | null }>>`
    WITH now_utc AS (SELECT (clock_timestamp() AT TIME ZONE 'UTC')::TIMESTAMP(3) AS t)
    SELECT blocks."until" FROM (
      SELECT b."until" FROM "EmailBlock" b, now_utc
      WHERE b."emailHash" = "newsdesk_email_block_hash"(${email}) AND (b."until" IS NULL OR b."until" > now_utc.t)
      UNION ALL
      SELECT CASE WHEN u."status" = 'BANNED' THEN NULL ELSE u."suspendedUntil" END FROM "User" u, now_utc
      WHERE u."status" IN ('SUSPENDED', 'BANNED')
        AND (u."status" = 'BANNED' OR u."suspendedUntil" IS NULL OR u."suspendedUntil" > now_utc.t)
        AND "newsdesk_email_block_key"(u."email") = "newsdesk_email_block_key"(${email})
    ) AS blocks
    ORDER BY blocks."until" DESC NULLS FIRST
    LIMIT 1`;
  const row = rows[0];
  return row ? { until: row.until } : null;
}

/** What sign-up says: when it can be tried again, and nothing of why (anyone can type an email). */
export function emailBlockedMessage(block: EmailBlock, dates: DateStyle): string {
  return block.until
    ? `This email cannot be used for a new account until ${formatDateTime(block.until, dates)}. Try again then.`
    : "This email cannot be used for a new account.";
}
