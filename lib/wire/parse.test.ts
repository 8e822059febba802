// The wire parsers on their own: what they read from ninjs and NewsML-G2, and what they refuse.

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { declaresDoctype, parseNewsml, parseNinjs, wireFormatOf } from "@/lib/wire/parse";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/wire");

describe("parseNinjs", () => {
  it("reads a ninjs 2 item: headline, standfirst, bylines, place, urgency, embargo, a safe body", () => {
    const parsed = parseNinjs(readFileSync(path.join(FIXTURES, "ninjs-harbour.json"), "utf8"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.copy).toMatchObject({ format: "NINJS", version: 1, urgency: 3, priority: 4, datelinePlace: "BUSAN", bylines: ["Mira Okonkwo", "Tomas Lindqvist"] });
    expect(parsed.copy.body.content.map((block) => block.type)).toEqual(["paragraph", "heading", "paragraph"]);
    expect(JSON.stringify(parsed.copy.body)).not.toContain("alert");
  });

  it("reads the 1.x names and a plain-text body", () => {
    const parsed = parseNinjs(JSON.stringify({ guid: "urn:a", version: 2, headline: "Old style", body_text: "One.\n\nTwo.", byline: "By Ana Ruiz" }));
    expect(parsed).toMatchObject({ ok: true, copy: { guid: "urn:a", version: 2, headline: "Old style", bylines: ["Ana Ruiz"] } });
    if (parsed.ok) expect(parsed.copy.body.content).toHaveLength(2);
  });

  it.each([
    ["{", /well-formed JSON/],
    ["[]", /one JSON object/],
    [JSON.stringify({ uri: "u", headline: ["x"] }), /headline/],
    [JSON.stringify({ uri: "u", headline: "h", version: "two" }), /version/],
    [JSON.stringify({ uri: "u", headline: "h", embargoed: "soon" }), /embargoed/],
    [JSON.stringify({ headline: "h" }), /no guid/],
    ["\u0000\u0001binary", /binary/],
  ])("refuses %s", (text, message) => {
    const parsed = parseNinjs(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("parseNewsml", () => {
  it("reads a newsItem with an NITF body", () => {
    const parsed = parseNewsml(readFileSync(path.join(FIXTURES, "newsml-orchard.xml"), "utf8"));
    expect(parsed).toMatchObject({ ok: true, copy: { format: "NEWSML", version: 2, urgency: 2, slugline: "ORCHARD-FROST/", datelinePlace: "NELSON", bylines: ["Anneke Voss"] } });
    if (parsed.ok) expect(parsed.copy.headline).toBe("Late frost & early blossom leave orchard growers counting losses");
  });

  it("reads an XHTML body inside a newsMessage", () => {
    const xml = `<newsMessage><itemSet><newsItem guid="urn:x" version="4"><contentMeta><headline>Bridge reopens</headline></contentMeta><contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Traffic moved again at six.</p></body></html></inlineXML></contentSet></newsItem></itemSet></newsMessage>`;
    const parsed = parseNewsml(xml);
    expect(parsed).toMatchObject({ ok: true, copy: { guid: "urn:x", version: 4, headline: "Bridge reopens" } });
    if (parsed.ok) expect(JSON.stringify(parsed.copy.body)).toContain("Traffic moved again at six.");
  });

  it("refuses any DOCTYPE, whatever it declares", () => {
    expect(declaresDoctype(`<?xml version="1.0"?><!DOCTYPE newsItem>`)).toBe(true);
    expect(declaresDoctype(`<!doctype x [<!ENTITY a "b">]>`)).toBe(true);
    expect(parseNewsml(`<!DOCTYPE x SYSTEM "http://example.test/x.dtd"><newsItem guid="g"/>`)).toMatchObject({ ok: false, message: expect.stringMatching(/DOCTYPE/) });
  });

  it("refuses malformed XML, a picture item and an item without a headline", () => {
    expect(parseNewsml(`<newsItem guid="g"><contentMeta>`)).toMatchObject({ ok: false, message: expect.stringMatching(/well-formed XML/) });
    expect(parseNewsml(`<newsItem guid="g"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`)).toMatchObject({ ok: false, message: expect.stringMatching(/text items/) });
    expect(parseNewsml(`<newsItem guid="g"><contentMeta/></newsItem>`)).toMatchObject({ ok: false, message: expect.stringMatching(/no headline/) });
  });
});

describe("wireFormatOf", () => {
  it("names the format a Content-Type carries", () => {
    expect(wireFormatOf("application/json; charset=utf-8")).toBe("NINJS");
    expect(wireFormatOf("application/vnd.iptc.g2.newsitem+xml")).toBe("NEWSML");
    expect(wireFormatOf("text/plain")).toBeNull();
    expect(wireFormatOf(null)).toBeNull();
  });
});
