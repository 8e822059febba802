import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import { TEXT_FIELDS } from "@/lib/collab/protocol";
import { docFromStory, fillAddedTextFields, liveContentOf, type LiveFields, replaceLiveContent, textChangeProblem, textFieldsOf } from "@/lib/collab/ydoc";
import { CREDIT_MAX, DATELINE_PLACE_MAX, HEADLINE_MAX, SEO_DESCRIPTION_MAX } from "@/lib/stories/schemas";
import { RAIL_FIELDS } from "@/tests/fixtures/story-fields";

const body = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Harbour" }] },
    { type: "paragraph", content: [{ type: "text", text: "Bold ", marks: [{ type: "bold" }] }, { type: "text", text: "and a link", marks: [{ type: "link", attrs: { href: "https://example.org/" } }] }] },
  ],
};

const blank = Object.fromEntries(TEXT_FIELDS.map((field) => [field, ""])) as LiveFields;

const filled: LiveFields = { headline: "Harbour reopens", standfirst: "At dawn.", ...RAIL_FIELDS };

describe("the live document", () => {
  it("holds every text field of a story and its body, and gives them back as the allow-list has them", () => {
    const content = liveContentOf(docFromStory({ ...filled, body }));
    expect(textFieldsOf(docFromStory({ ...filled, body }))).toEqual(filled);
    expect({ ...content, body: undefined }).toEqual({ ...filled, body: undefined });
    expect(content.body).toEqual(liveContentOf(docFromStory({ ...blank, body: content.body })).body);
    expect(JSON.stringify(content.body)).toContain('"href":"https://example.org/"');
  });

  it("reads a note keyed the way y-prosemirror keys marks that may overlap (note--hash)", () => {
    const doc = docFromStory({ ...blank, body: { type: "doc", content: [{ type: "paragraph" }] } });
    const paragraph = doc.getXmlFragment("body").get(0) as Y.XmlElement;
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, "night.", { "note--h30GEexy": { id: "note-1" } });
    expect(liveContentOf(doc).body.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "night.", marks: [{ type: "note", attrs: { id: "note-1" } }] }] });
  });

  it("refuses a node the allow-list does not know", () => {
    const doc = docFromStory({ ...blank, body });
    doc.getXmlFragment("body").insert(0, [new Y.XmlElement("script")]);
    expect(() => liveContentOf(doc)).toThrow();
  });

  it("takes a save made elsewhere into every text field, changing only those that differ", () => {
    const doc = docFromStory({ ...filled, body });
    const changed: string[] = [];
    doc.on("afterTransaction", (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) if (type instanceof Y.Text) changed.push(TEXT_FIELDS.find((field) => doc.getText(field) === type) ?? "?");
    });
    replaceLiveContent(doc, { ...filled, datelinePlace: "BUSAN", credit: "Reporting by C", body: liveContentOf(doc).body });
    expect(textFieldsOf(doc)).toEqual({ ...filled, datelinePlace: "BUSAN", credit: "Reporting by C" });
    expect(changed.sort()).toEqual(["credit", "datelinePlace"]);
  });
});

describe("a document stored under schema 1 (headline and standfirst only)", () => {
  /** What a server of schema 1 made: the headline, standfirst and body, nothing else. */
  function storedUnderSchemaOne(): Y.Doc {
    const doc = new Y.Doc();
    doc.getText("headline").insert(0, "Typed live");
    doc.getText("standfirst").insert(0, "Also live");
    return doc;
  }

  it("gets the fields added since from the story, and keeps its own headline and standfirst", () => {
    const doc = storedUnderSchemaOne();
    expect(fillAddedTextFields(doc, 1, filled)).toBe(true);
    expect(textFieldsOf(doc)).toEqual({ ...filled, headline: "Typed live", standfirst: "Also live" });
  });

  it("takes the story's value over anything an old editor left under a new field's name", () => {
    const doc = storedUnderSchemaOne();
    doc.getText("credit").insert(0, "stray");
    fillAddedTextFields(doc, 1, filled);
    expect(doc.getText("credit").toString()).toBe(filled.credit);
  });

  it("changes nothing in a document of the current schema", () => {
    const doc = docFromStory({ ...filled, body });
    expect(fillAddedTextFields(doc, 2, { ...filled, credit: "Something else" })).toBe(false);
    expect(doc.getText("credit").toString()).toBe(filled.credit);
  });
});

describe("a change to the text fields", () => {
  it("is taken within the save path's limits", () => {
    expect(textChangeProblem(blank, { ...blank, datelinePlace: "x".repeat(DATELINE_PLACE_MAX), credit: "Reporting by A" })).toBeNull();
    // Counted once trimmed, as a save counts it.
    expect(textChangeProblem(blank, { ...blank, datelinePlace: `${"x".repeat(DATELINE_PLACE_MAX)}  ` })).toBeNull();
  });

  it("takes a field past its limit up to twice it, as two people typing into it at once can make it", () => {
    expect(textChangeProblem(blank, { ...blank, datelinePlace: "x".repeat(DATELINE_PLACE_MAX + 1) })).toBeNull();
    expect(textChangeProblem(blank, { ...blank, credit: "x".repeat(2 * CREDIT_MAX) })).toBeNull();
  });

  it("is refused when it makes a field longer than twice what a save allows", () => {
    expect(textChangeProblem(blank, { ...blank, datelinePlace: "x".repeat(2 * DATELINE_PLACE_MAX + 1) })).toBe(`Keep the dateline place under ${DATELINE_PLACE_MAX} characters.`);
    expect(textChangeProblem(blank, { ...blank, credit: "x".repeat(2 * CREDIT_MAX + 1) })).toBe(`Keep the credit line under ${CREDIT_MAX} characters.`);
    expect(textChangeProblem(blank, { ...blank, seoDescription: "x".repeat(2 * SEO_DESCRIPTION_MAX + 1) })).toMatch(/SEO description/);
    expect(textChangeProblem(blank, { ...blank, headline: "x".repeat(2 * HEADLINE_MAX + 1) })).toMatch(/headline/);
  });

  it("is refused when it puts a line break in a one-line field or a control character anywhere", () => {
    expect(textChangeProblem(blank, { ...blank, credit: "Reporting by A\nEditing by B" })).toMatch(/credit line must be on one line/);
    expect(textChangeProblem(blank, { ...blank, standfirst: "Two\nlines" })).toBeNull();
    expect(textChangeProblem(blank, { ...blank, dateline: "Asia\u0000" })).toMatch(/NUL/);
  });

  it("may cut down a field already too long (a wire story's), never lengthen it or break it otherwise", () => {
    const long = { ...blank, credit: "x".repeat(2 * CREDIT_MAX + 50) };
    // Someone types in another field meanwhile: the long one is not held against them.
    expect(textChangeProblem(long, { ...long, datelinePlace: "SEOUL" })).toBeNull();
    expect(textChangeProblem(long, { ...long, credit: "x".repeat(2 * CREDIT_MAX + 10) })).toBeNull();
    expect(textChangeProblem(long, { ...long, credit: "x".repeat(2 * CREDIT_MAX + 51) })).toMatch(/credit line/);
    expect(textChangeProblem(long, { ...long, credit: `${"x".repeat(CREDIT_MAX)}\t${"x".repeat(9)}` })).toMatch(/one line/);
  });
});
