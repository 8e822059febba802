import { describe, expect, it } from "vitest";

import { qrCodeSvg } from "./qr";

describe("qrCodeSvg", () => {
  it("draws an SVG of paths only, and a different one for a different key", async () => {
    const svg = await qrCodeSvg("otpauth://totp/Newshub:ada%40example.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Newshub");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect([...svg.matchAll(/<(\w+)/g)].map((match) => match[1])).toEqual(["svg", "path", "path"]);
    expect(await qrCodeSvg("otpauth://totp/Newshub:ada%40example.test?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Newshub")).not.toBe(svg);
  });
});
