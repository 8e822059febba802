import { describe, expect, it } from "vitest";

import { cookieReader } from "./cookies";

describe("cookieReader", () => {
  it("reads each pair of a Cookie header by name", () => {
    const read = cookieReader("a=1; authjs.session-token=eyJ.x.y; theme=dark");
    expect(read("authjs.session-token")).toBe("eyJ.x.y");
    expect(read("a")).toBe("1");
    expect(read("theme")).toBe("dark");
    expect(read("missing")).toBeUndefined();
  });

  it("keeps everything after the first = in the value", () => {
    expect(cookieReader("t=abc==; u=a=b")("t")).toBe("abc==");
    expect(cookieReader("t=abc==; u=a=b")("u")).toBe("a=b");
  });

  it("percent-decodes values and leaves out a value that does not decode", () => {
    const read = cookieReader("name=J%C3%BCrgen; broken=%E0%A4%A; next=1");
    expect(read("name")).toBe("Jürgen");
    expect(read("broken")).toBeUndefined();
    expect(read("next")).toBe("1");
  });

  it("lets the later of two cookies with one name win, as Next does", () => {
    expect(cookieReader("s=first; s=second")("s")).toBe("second");
  });

  it("reads nothing from no header", () => {
    expect(cookieReader(undefined)("s")).toBeUndefined();
    expect(cookieReader(null)("s")).toBeUndefined();
    expect(cookieReader("")("s")).toBeUndefined();
  });
});
