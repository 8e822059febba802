import { describe, expect, it } from "vitest";

import { openSecret, sealSecret } from "./secret-box";

const SECRET = "secret-box-test-secret-0123456789abcdef";

describe("sealSecret / openSecret", () => {
  it("seals with AES-256-GCM: the text does not show, and it opens with the same secret", () => {
    const sealed = sealSecret("GEZDGNBVGY3TQOJQ", [SECRET]);
    expect(sealed).not.toContain("GEZDGNBVGY3TQOJQ");
    expect(sealed.split(".")).toHaveLength(5);
    expect(openSecret(sealed, [SECRET])).toBe("GEZDGNBVGY3TQOJQ");
    // A fresh IV each time.
    expect(sealSecret("GEZDGNBVGY3TQOJQ", [SECRET])).not.toBe(sealed);
  });

  it("opens with an older secret kept for rotation, and not with another", () => {
    const sealed = sealSecret("ABC", [SECRET]);
    expect(openSecret(sealed, ["a-newer-secret-0123456789abcdef0123", SECRET])).toBe("ABC");
    expect(openSecret(sealed, ["another-secret-0123456789abcdef0123"])).toBeNull();
  });

  it("refuses a value that was changed", () => {
    const parts = sealSecret("ABC", [SECRET]).split(".");
    const ciphertext = Buffer.from(parts[3]!, "base64url");
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[3] = ciphertext.toString("base64url");
    expect(openSecret(parts.join("."), [SECRET])).toBeNull();
    expect(openSecret("not sealed", [SECRET])).toBeNull();
  });

  it("will not seal without a secret", () => {
    expect(() => sealSecret("ABC", [])).toThrow(/AUTH_SECRET/);
  });
});
