import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import { docFromStory, liveContentOf } from "@/lib/collab/ydoc";

const body = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Harbour" }] },
    { type: "paragraph", content: [{ type: "text", text: "Bold ", marks: [{ type: "bold" }] }, { type: "text", text: "and a link", marks: [{ type: "link", attrs: { href: "https://example.org/" } }] }] },
  ],
};

describe("the live document", () => {
  it("holds a story's headline, standfirst and body, and gives them back as the allow-list has them", () => {
    const content = liveContentOf(docFromStory({ headline: "Harbour reopens", standfirst: "At dawn.", body }));
    expect(content.headline).toBe("Harbour reopens");
    expect(content.standfirst).toBe("At dawn.");
    expect(content.body).toEqual(liveContentOf(docFromStory({ headline: "", standfirst: "", body: content.body })).body);
    expect(JSON.stringify(content.body)).toContain('"href":"https://example.org/"');
  });

  it("reads a note keyed the way y-prosemirror keys marks that may overlap (note--hash)", () => {
    const doc = docFromStory({ headline: "", standfirst: "", body: { type: "doc", content: [{ type: "paragraph" }] } });
    const paragraph = doc.getXmlFragment("body").get(0) as Y.XmlElement;
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, "night.", { "note--h30GEexy": { id: "note-1" } });
    expect(liveContentOf(doc).body.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "night.", marks: [{ type: "note", attrs: { id: "note-1" } }] }] });
  });

  it("refuses a node the allow-list does not know", () => {
    const doc = docFromStory({ headline: "", standfirst: "", body });
    doc.getXmlFragment("body").insert(0, [new Y.XmlElement("script")]);
    expect(() => liveContentOf(doc)).toThrow();
  });
});
