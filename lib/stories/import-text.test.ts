import { describe, expect, it } from "vitest";

import { documentToPlainText, parseStoryDocument, type BlockNode } from "@/lib/stories/document";
import { parsePlainTextStory, type ImportedStory } from "@/lib/stories/import-text";

// All stories below are invented: the places, people and outlets do not exist.

function blockSummary(block: BlockNode): string {
  const text = "content" in block && Array.isArray(block.content) ? block.content.map((n) => ("text" in n ? n.text : "")).join("") : "";
  return `${block.type}: ${text}`;
}

function summarise(story: ImportedStory): string[] {
  return story.body.content.map(blockSummary);
}

/** Every import must be a body the story allow-list accepts unchanged. */
function expectValidBody(story: ImportedStory): void {
  expect(parseStoryDocument(story.body)).toEqual(story.body);
}

// The shape of a story pasted from a web page: lede first, subheadings on their own lines, one
// newline between paragraphs, a signature, then whitespace-only lines and comment furniture.
const WEB_STORY = [
  "The mayor of Portavela cut the ribbon on a floating fish market on Saturday, ending a four-year dispute with the harbour guild over mooring fees and the smell of the old quay.",
  "A market on the water",
  "The market rests on twelve linked pontoons and can be towed to the south basin in winter. When a guild member asked whether the pontoons would survive a storm, the mayor reportedly answered with a grin: “Ask the gulls, they have tested it for a month.” The remark drew applause from the stallholders.",
  "Fees and the old quay",
  "Stallholders will pay a flat weekly fee instead of a share of their takings. “We finally know what the week will cost us before it starts,” said Odile Brasko, who has sold squid on the quay for thirty years.",
  "Newsroom Editorial in Coastlands – 4 November 2025",
  "\t\t\t",
  "                                ",
  "Recent Comments",
].join("\n");

describe("parsePlainTextStory: a pasted web story", () => {
  const story = parsePlainTextStory(WEB_STORY);

  it("has no headline when the first line is the lede, and says so", () => {
    expect(story.headline).toBe("");
    expect(story.standfirst).toBe("");
    expect(story.notes).toContain("No headline was found: write one.");
  });

  it("keeps the lede first, makes short unpunctuated lines subheadings, and leaves the signature out", () => {
    expect(summarise(story)).toEqual([
      expect.stringMatching(/^paragraph: The mayor of Portavela cut the ribbon/),
      "heading: A market on the water",
      expect.stringMatching(/^paragraph: The market rests on twelve linked pontoons/),
      "heading: Fees and the old quay",
      expect.stringMatching(/^paragraph: Stallholders will pay a flat weekly fee/),
    ]);
    expect(story.body.content[1]).toEqual({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "A market on the water" }] });
    expectValidBody(story);
  });

  it("reads the signature as organisation byline, dateline and ISO date, and drops what follows", () => {
    expect(story.bylines).toEqual([{ name: "Newsroom Editorial", kind: "ORGANISATION" }]);
    expect(story.dateline).toBe("Coastlands");
    expect(story.signatureDate).toBe("2025-11-04");
    const text = documentToPlainText(story.body);
    expect(text).not.toContain("Recent Comments");
    expect(text).not.toContain("Newsroom Editorial");
    expect(story.notes).toContain("Dropped 1 line of page clutter after the signature.");
  });

  it("offers the quotes as pull quotes with their speakers, without putting them in the body", () => {
    expect(story.pullQuoteCandidates).toEqual([
      { text: "We finally know what the week will cost us before it starts", attribution: "Odile Brasko" },
      { text: "Ask the gulls, they have tested it for a month.", attribution: "" },
    ]);
    expect(story.body.content.some((block) => block.type === "pullQuote")).toBe(false);
  });
});

describe("parsePlainTextStory: other shapes of story", () => {
  it("takes a headline, a 'By' person byline and a standfirst above the byline", () => {
    const story = parsePlainTextStory(
      [
        "Lighthouse keepers vote to strike over night shifts",
        "The union says automation plans leave three islands without a keeper",
        "By Jane Doe and Ali Reza",
        "Keepers at the eleven lighthouses of the Merrow coast voted on Tuesday to strike for a week in December.",
        "The vote followed a plan to run the three smallest lights from a control room in Dunholt.",
        "Talks are due to resume on Friday.",
      ].join("\n"),
    );
    expect(story.headline).toBe("Lighthouse keepers vote to strike over night shifts");
    expect(story.standfirst).toBe("The union says automation plans leave three islands without a keeper");
    expect(story.bylines).toEqual([
      { name: "Jane Doe", kind: "PERSON" },
      { name: "Ali Reza", kind: "PERSON" },
    ]);
    expect(summarise(story)[0]).toMatch(/^paragraph: Keepers at the eleven lighthouses/);
    expect(documentToPlainText(story.body)).not.toContain("By Jane Doe");
    expect(story.dateline).toBe("");
    expect(story.signatureDate).toBeNull();
    expect(story.notes).toContain("The headline was taken from the first line: check it.");
    expectValidBody(story);
  });

  it("does not take a short lede under the headline as a standfirst", () => {
    const story = parsePlainTextStory(
      [
        "Ferry fares to rise in spring",
        "By Tom Reed, Transport Correspondent",
        "Ferry fares across the Merrow strait will rise by a tenth in March.",
        "The operator blamed the price of fuel and a new harbour levy.",
        "Season tickets are not affected.",
      ].join("\n"),
    );
    expect(story.headline).toBe("Ferry fares to rise in spring");
    expect(story.standfirst).toBe("");
    expect(story.bylines).toEqual([{ name: "Tom Reed", kind: "PERSON" }]);
    expect(summarise(story)[0]).toBe("paragraph: Ferry fares across the Merrow strait will rise by a tenth in March.");
  });

  it("reads a signature that names a person as a person byline", () => {
    const story = parsePlainTextStory(
      [
        "Olive growers in the Varra valley expect their smallest harvest in two decades after a dry summer.",
        "Cooperatives have asked the regional council for help with irrigation.",
        "Maria Lopez in Valdoria – 3 March 2026",
      ].join("\n"),
    );
    expect(story.bylines).toEqual([{ name: "Maria Lopez", kind: "PERSON" }]);
    expect(story.dateline).toBe("Valdoria");
    expect(story.signatureDate).toBe("2026-03-03");
  });

  it("treats a two-word signature with an organisation word as an organisation", () => {
    const story = parsePlainTextStory(["A short story about a bridge that opened on time.", "Harbour Wire in Europe – 1 May 2026"].join("\n"));
    expect(story.bylines).toEqual([{ name: "Harbour Wire", kind: "ORGANISATION" }]);
  });

  it("accepts a hyphen instead of a dash and short or US-style dates in the signature", () => {
    const hyphen = parsePlainTextStory("The tram line reopened after repairs.\nWire Desk in Europe - 12 Jan 2026");
    expect(hyphen.bylines).toEqual([{ name: "Wire Desk", kind: "ORGANISATION" }]);
    expect(hyphen.dateline).toBe("Europe");
    expect(hyphen.signatureDate).toBe("2026-01-12");

    const american = parsePlainTextStory("The tram line reopened after repairs.\nCoast Media Group in North Merrow — November 4, 2025");
    expect(american.dateline).toBe("North Merrow");
    expect(american.signatureDate).toBe("2025-11-04");
  });

  it("keeps a signature whose date cannot be read, with a null date and a note", () => {
    const story = parsePlainTextStory("The tram line reopened after repairs.\nWire Desk in Europe – 31 February 2026");
    expect(story.dateline).toBe("Europe");
    expect(story.signatureDate).toBeNull();
    expect(story.notes).toContain('The signature\'s date "31 February 2026" could not be read: check the date.');
    expect(documentToPlainText(story.body)).toBe("The tram line reopened after repairs.");
  });

  it("without a signature has no byline or dateline, and still drops furniture at the end", () => {
    const story = parsePlainTextStory(
      [
        "Bakers in Lunsford have agreed to share one wood-fired oven while the town hall is rebuilt.",
        "Who bakes when",
        "The rota gives each bakery two mornings a week, and the oven rests on Sundays.",
        "Share this article",
        "Leave a comment",
        "Advertisement",
      ].join("\n"),
    );
    expect(story.bylines).toEqual([]);
    expect(story.dateline).toBe("");
    expect(story.signatureDate).toBeNull();
    expect(summarise(story)).toEqual([
      "paragraph: Bakers in Lunsford have agreed to share one wood-fired oven while the town hall is rebuilt.",
      "heading: Who bakes when",
      "paragraph: The rota gives each bakery two mornings a week, and the oven rests on Sundays.",
    ]);
    expect(story.notes).toContain("No byline was found in the text: choose one.");
  });

  it("drops a related-links block with its short link titles at the end", () => {
    const story = parsePlainTextStory(
      [
        "The Lunsford choir will sing at the reopening of the old mill on Sunday.",
        "Tickets are free but must be booked.",
        "Related",
        "Mill restoration runs over budget",
        "Choir wins regional prize",
      ].join("\n"),
    );
    expect(summarise(story)).toEqual([
      "paragraph: The Lunsford choir will sing at the reopening of the old mill on Sunday.",
      "paragraph: Tickets are free but must be booked.",
    ]);
    // Nothing goes silently: the note quotes each dropped line (issue 16).
    expect(story.notes).toContain('Dropped a related-links block at the end: "Related", "Mill restoration runs over budget", "Choir wins regional prize".');
  });

  it("reads Windows and old Mac line endings, non-breaking spaces and tabs like plain newlines and spaces", () => {
    const unix = [
      "Night buses return to Dunholt",
      "The council restored three night bus routes on Friday after a winter without them.",
      "Drivers said the first buses were full by midnight.",
      "City Wire in Dunholt – 6 February 2026",
    ].join("\n");
    const windows = unix.replace(/\n/g, "\r\n").replace("three night", "three\u00a0night").replace("Drivers said", "Drivers\tsaid") + "\r\n\t \r\n";
    const mac = unix.replace(/\n/g, "\r");
    const expected = parsePlainTextStory(unix);
    expect(expected.headline).toBe("Night buses return to Dunholt");
    expect(parsePlainTextStory(windows)).toEqual(expected);
    expect(parsePlainTextStory(mac)).toEqual(expected);
    expect(documentToPlainText(parsePlainTextStory(windows).body)).not.toMatch(/[\r\t\u00a0]/);
  });

  it("joins hard-wrapped wire lines into paragraphs, keeping blank-line paragraph breaks", () => {
    const wire = [
      "Dunholt port strike ends after nine days",
      "",
      "DUNHOLT, March 3 - Dock workers in Dunholt returned to work on",
      "Tuesday after nine days on strike, ending a dispute that left more",
      "than forty ships waiting outside the breakwater, the port authority",
      "said.",
      "",
      "Union leader Petra Halvorsen said the new contract protected night",
      "shifts and raised pay by six percent over two years. \"This is the",
      "deal we asked for in the first week,\" Halvorsen told reporters.",
      "",
      "The authority said the backlog would clear by the weekend.",
    ].join("\n");
    const story = parsePlainTextStory(wire);
    expect(story.headline).toBe("Dunholt port strike ends after nine days");
    expect(summarise(story)).toEqual([
      "paragraph: Dock workers in Dunholt returned to work on Tuesday after nine days on strike, ending a dispute that left more than forty ships waiting outside the breakwater, the port authority said.",
      'paragraph: Union leader Petra Halvorsen said the new contract protected night shifts and raised pay by six percent over two years. "This is the deal we asked for in the first week," Halvorsen told reporters.',
      "paragraph: The authority said the backlog would clear by the weekend.",
    ]);
    expect(story.pullQuoteCandidates).toEqual([{ text: "This is the deal we asked for in the first week", attribution: "Halvorsen" }]);
    // The wire dateline leaves the first paragraph and becomes the dateline place (issue 16).
    expect(story.datelinePlace).toBe("DUNHOLT");
    expect(story.notes).toContain("Joined 5 hard-wrapped lines into their paragraphs.");
    expectValidBody(story);
  });

  it("joins a wrapped sentence even without wrap width: a line that stops mid-sentence before a lowercase line", () => {
    const story = parsePlainTextStory("The festival will move to the river meadow\nbecause the square is being repaved.\nIt opens on 2 June.");
    expect(summarise(story)).toEqual([
      "paragraph: The festival will move to the river meadow because the square is being repaved.",
      "paragraph: It opens on 2 June.",
    ]);
  });

  it("returns an empty document and a note for empty or whitespace-only text, without throwing", () => {
    for (const input of ["", "   ", "\n\n\t\r\n  \u00a0 \n"]) {
      const story = parsePlainTextStory(input);
      expect(story.headline).toBe("");
      expect(story.body).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
      expect(story.bylines).toEqual([]);
      expect(story.notes).toEqual(["The text was empty: paste the story's text."]);
      expectValidBody(story);
    }
  });

  it("keeps HTML-looking lines as literal text", () => {
    const story = parsePlainTextStory(
      ["The harbour board published its minutes on Monday.", "<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "The next meeting is in April."].join("\n"),
    );
    const texts = summarise(story);
    expect(texts).toContain("paragraph: <script>alert(1)</script>");
    expect(texts).toContain('paragraph: <img src=x onerror="alert(2)">');
    expectValidBody(story);
  });

  it("parses a very long paste (100 KB) quickly and within the document's limits", () => {
    const paragraph =
      "The committee heard evidence from fishermen, ferry crews and the coastguard about the state of the breakwater, which has not been repaired since the storm of the previous winter.";
    const parts: string[] = [];
    for (let i = 0; parts.join("\n").length < 100_000; i += 1) {
      parts.push(paragraph, i % 5 === 0 ? `Evidence session ${i}` : `"We have waited ${i} days for an answer from the board," said Ines Varga.`);
    }
    parts.push("Harbour Wire in Merrow – 9 September 2025");
    const startedAt = performance.now();
    const story = parsePlainTextStory(parts.join("\n"));
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(story.signatureDate).toBe("2025-09-09");
    expect(story.pullQuoteCandidates.length).toBeGreaterThan(0);
    expect(story.pullQuoteCandidates.length).toBeLessThanOrEqual(10);
    expect(story.pullQuoteCandidates[0]?.attribution).toBe("Ines Varga");
    expectValidBody(story);
  });

  it("cuts a paste beyond the document's size limit and says so, rather than producing a body the desk refuses", () => {
    const story = parsePlainTextStory(Array.from({ length: 12_000 }, (_, i) => `Line ${i} of a very long paste.`).join("\n"));
    expectValidBody(story);
    expect(story.notes.some((note) => note.startsWith("The text is too long for one story"))).toBe(true);
  });

  it("does not mistake a sentence starting 'By' for a byline, nor a dated sentence for a signature", () => {
    const story = parsePlainTextStory(
      ["By noon the queue for the ferry reached the church.", "Ticket sales rose in Dunholt - 12 per cent higher than in 2025"].join("\n"),
    );
    expect(story.bylines).toEqual([]);
    expect(story.dateline).toBe("");
    expect(summarise(story)).toEqual([
      "paragraph: By noon the queue for the ferry reached the church.",
      "paragraph: Ticket sales rose in Dunholt - 12 per cent higher than in 2025",
    ]);
  });

  it("takes a one-word outlet after 'By' as an organisation, but not a time of day", () => {
    const agency = parsePlainTextStory("Harbour reopens after repairs\nBy Merrowpress\nThe harbour reopened on Monday after a year of repairs.\nBoats queued at dawn.");
    expect(agency.headline).toBe("Harbour reopens after repairs");
    expect(agency.bylines).toEqual([{ name: "Merrowpress", kind: "ORGANISATION" }]);

    const time = parsePlainTextStory("The harbour will close for a year of repairs.\nBy March\nThe ferries will use the north quay instead.");
    expect(time.bylines).toEqual([]);
    expect(documentToPlainText(time.body)).toContain("By March");
  });

  it("finds the speaker named in the clause after a quotation, and drops 'Read more:' links inside the text", () => {
    const story = parsePlainTextStory(
      [
        "The quay will be rebuilt in stone.",
        "Read more: Storm damage on the Merrow coast",
        '"We will rebuild the quay by spring," the harbour master, Ines Varga, said.',
        "Next.",
      ].join("\n"),
    );
    expect(story.pullQuoteCandidates).toEqual([{ text: "We will rebuild the quay by spring", attribution: "Ines Varga" }]);
    expect(summarise(story)).toEqual([
      "paragraph: The quay will be rebuilt in stone.",
      'paragraph: "We will rebuild the quay by spring," the harbour master, Ines Varga, said.',
      "paragraph: Next.",
    ]);
    expect(story.notes).toContain('Dropped 1 line of page clutter (advertisements, "Read more" links).');
  });

  it("does not make a subheading of a quoted line, a line ending in a question mark, or a line with no paragraph after it", () => {
    const story = parsePlainTextStory(
      ["The ferry timetable changes on Monday.", "“Not again”", "Passengers have complained.", "What happens next?", "More sailings are planned.", "See you there"].join("\n"),
    );
    expect(story.body.content.every((block) => block.type === "paragraph")).toBe(true);
  });
});
