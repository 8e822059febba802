import { describe, expect, it } from "vitest";

import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from "./totp";

// RFC 6238 appendix B: the seeds are ASCII "12345678901234567890" repeated to the hash's key size.
const SEED_SHA1 = Buffer.from("12345678901234567890");
const SEED_SHA256 = Buffer.from("12345678901234567890123456789012");
const SEED_SHA512 = Buffer.from("1234567890123456789012345678901234567890123456789012345678901234");

const RFC_6238: Array<[number, string, string, string]> = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP", () => {
  it.each(RFC_6238)("gives RFC 6238's codes at %i s (SHA-1, SHA-256, SHA-512, 8 digits)", (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000);
    expect(hotp(SEED_SHA1, step, 8, "sha1")).toBe(sha1);
    expect(hotp(SEED_SHA256, step, 8, "sha256")).toBe(sha256);
    expect(hotp(SEED_SHA512, step, 8, "sha512")).toBe(sha512);
  });

  it("gives RFC 4226's HOTP codes (6 digits, counters 0 to 9)", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(expected.map((_, counter) => hotp(SEED_SHA1, counter))).toEqual(expected);
  });

  it("works from a base32 secret as apps are given it, and accepts one step either side", () => {
    const secret = base32Encode(SEED_SHA1);
    expect(secret).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    const at = 1234567890 * 1000;
    expect(totpCode(secret, at)).toBe("005924");
    const step = totpStep(at);
    expect(matchTotp(secret, "005924", at)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, at - 30_000), at)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, at + 30_000), at)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, at - 60_000), at)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, at + 60_000), at)).toBeNull();
    expect(matchTotp(secret, "12345", at)).toBeNull();
    expect(matchTotp(secret, "abcdef", at)).toBeNull();
  });

  it("round-trips base32 and refuses characters outside it", () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode("gezd gnbv")).toEqual(base32Decode("GEZDGNBV"));
    expect(base32Decode("GEZ1")).toBeNull();
  });

  it("writes the otpauth URI authenticator apps read", () => {
    expect(otpauthUri("GEZDGNBV", "ada@example.test", "Newshub")).toBe(
      "otpauth://totp/Newshub:ada%40example.test?secret=GEZDGNBV&issuer=Newshub&algorithm=SHA1&digits=6&period=30",
    );
  });
});
