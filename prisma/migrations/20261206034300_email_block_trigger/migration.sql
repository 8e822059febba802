-- Hand-written: a suspended or banned person's email stays blocked for sign-up after their
-- account is deleted, whoever deletes it and however (the reader's own delete form, an admin, a
-- data-protection request handled in SQL), and after the email is changed (anonymised). A trigger
-- on "User" keeps a hash of the normalised email in "EmailBlock" until the suspension ends (no end
-- for a ban); sign-up refuses while a block is in force (lib/accounts/email-block.ts). The
-- rules mirror lib/auth/actor.ts loadActor: a suspension whose end has passed is none.

-- What counts as one address for a block: lower-cased, surrounding spaces trimmed, and a "+tag"
-- sub-address dropped ("Ada+news@Example.org" and "ada@example.org" are one), so a tag is no way
-- around a block. Addresses that do not look like local@domain are taken as they are.
CREATE OR REPLACE FUNCTION "newsdesk_email_block_key"(p_email TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(lower(btrim(p_email)), '^([^@+]+)\+[^@]*(@[^@]+)$', '\1\2')
$$;

-- The stored form: hex SHA-256 of a fixed prefix and the key, so no address is kept, and the hash
-- is not the bare SHA-256 of an email that advertisers' "hashed email" lists use.
CREATE OR REPLACE FUNCTION "newsdesk_email_block_hash"(p_email TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to('newsdesk:email-block:' || "newsdesk_email_block_key"(p_email), 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION "newsdesk_keep_email_block"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  -- Timestamps are stored in UTC without a zone (as Prisma writes them).
  v_now TIMESTAMP(3) := (clock_timestamp() AT TIME ZONE 'UTC')::TIMESTAMP(3);
  v_until TIMESTAMP(3);
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."email" IS NOT DISTINCT FROM OLD."email" THEN
    RETURN NEW;
  END IF;
  IF OLD."status" = 'BANNED' THEN
    v_until := NULL;
  ELSIF OLD."status" = 'SUSPENDED' AND (OLD."suspendedUntil" IS NULL OR OLD."suspendedUntil" > v_now) THEN
    v_until := OLD."suspendedUntil";
  ELSE
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  -- One block per address: the later end wins, and no end beats any end.
  INSERT INTO "EmailBlock" ("emailHash", "until", "createdAt")
  VALUES ("newsdesk_email_block_hash"(OLD."email"), v_until, v_now)
  ON CONFLICT ("emailHash") DO UPDATE SET "until" =
    CASE WHEN "EmailBlock"."until" IS NULL OR EXCLUDED."until" IS NULL THEN NULL
         ELSE GREATEST("EmailBlock"."until", EXCLUDED."until") END;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

DROP TRIGGER IF EXISTS "User_keep_email_block" ON "User";
CREATE TRIGGER "User_keep_email_block"
  BEFORE DELETE OR UPDATE OF "email" ON "User"
  FOR EACH ROW EXECUTE FUNCTION "newsdesk_keep_email_block"();
