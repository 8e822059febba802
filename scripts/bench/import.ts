// The plain-text import (issue 16, Speed): how long parsePlainTextStory takes over a generated
// 5,000-word story of the shape newsrooms paste (site chrome, a headline, a byline, a wire
// dateline, subheadings, quotes, photo captions with credits, a credit line and page boilerplate
// at the end), in both places it runs:
//
//   browser  in Debian's Chromium: lib/stories/import-text.ts transpiled by TypeScript (the same
//            source, types stripped, no bundler) and loaded into a blank page, timed there with
//            the page's own clock (performance.now()) around each call;
//   server   in this Node process: the same function, imported.
//
// Each place: WARMUP unmeasured calls (so the JIT has seen the code, as it has after the first
// import of a session), then SAMPLES measured ones. Target: median under 50 ms in each (the p95 is
// printed beside it). The running app and database are not used.

import { readFileSync } from "node:fs";
import path from "node:path";

import { chromium, type Browser } from "@playwright/test";
import ts from "typescript";

import { parsePlainTextStory } from "@/lib/stories/import-text";

import { CHROMIUM_ARGS, findSystemChromium } from "../lib/chromium";
import { ROOT } from "../lib/paths";
import type { BenchContext, BenchModule, Measurement } from "./run";

const TARGET_MS = 50;
const SAMPLES = 200;
const WARMUP = 20;
const WORDS = 5_000;

const NAMES = ["Ines Varga", "Oren Talvik", "Mira Sandoval", "Tomas Quill", "Ada Finch", "Kim Sora"];
const PLACES = ["the north quay", "the south basin", "Calder Point", "the island council", "the ferry office", "the fish market"];
const VERBS = ["said", "told reporters", "added", "warned", "explained"];

/** A paragraph of about `words` words, varied by `seed`, sometimes with a quotation. */
function paragraph(seed: number, words: number): string {
  const sentences: string[] = [];
  let count = 0;
  for (let s = 0; count < words; s += 1) {
    const place = PLACES[(seed + s) % PLACES.length];
    const name = NAMES[(seed * 3 + s) % NAMES.length];
    const sentence =
      (seed + s) % 4 === 0
        ? `“We have waited ${seed + s} days for a plan for ${place}, and the season will not wait for us,” ${VERBS[(seed + s) % VERBS.length]} ${name}.`
        : `The work at ${place} will take ${(seed % 9) + 2} weeks, and traders will move to tents while divers replace ${(s % 40) + 10} of the timber piles, officials said on day ${seed + s}.`;
    sentences.push(sentence);
    count += sentence.split(" ").length;
  }
  return sentences.join(" ");
}

/** A 5,000-word story as a news site shows it when copied as text. */
export function generatedStory(words = WORDS): string {
  const lines = [
    "Menu",
    "World | Business | Markets | Coast | Opinion",
    "#World News",
    "Harbour closes north quay for six weeks of pile repairs",
    "Traders move to tents as divers find rot in a third of the timber piles",
    "By Lena Morrow and Tomas Quill",
    "4 min read",
    "Updated 2 hours ago",
    "",
  ];
  let count = 0;
  for (let i = 0; count < words; i += 1) {
    let text = paragraph(i, 45 + (i % 5) * 10);
    if (i === 0) text = `CALDER POINT, Nov 4 (Harbour Wire) - ${text}`;
    lines.push(text, "");
    count += text.split(" ").length;
    if (i % 6 === 5) lines.push(`What happens at ${PLACES[i % PLACES.length]}`, "");
    if (i % 9 === 4) lines.push(`Divers inspect the piles under ${PLACES[i % PLACES.length]} on day ${i}.`, `Photo: ${NAMES[i % NAMES.length]}/Harbour Wire`, "");
  }
  lines.push(
    "Reporting by Lena Morrow and Tomas Quill; Editing by Ada Finch",
    "Our Standards: The Harbour Wire Trust Principles.",
    "Sign up for the Morning Tide newsletter.",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
  );
  return lines.join("\n");
}

/** The parser's source as plain JavaScript: TypeScript strips the types; the exports become page globals. */
function parserForBrowser(): string {
  const source = readFileSync(path.join(ROOT, "lib/stories/import-text.ts"), "utf8");
  const output = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  if (/^import\s(?!type)/mu.test(output)) throw new Error("lib/stories/import-text.ts imports values: the browser bench cannot load it alone any more");
  return `${output.replace(/^export\s+/gmu, "")}\nwindow.parsePlainTextStory = parsePlainTextStory;`;
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0) * 100) / 100;
}

function checkResult(paragraphs: number, place: string, credit: string): void {
  // A parser that silently gave up would be fast: the bench refuses to time one.
  if (paragraphs < 50 || place !== "CALDER POINT" || !credit.startsWith("Reporting by")) {
    throw new Error(`the import read the generated story wrongly (${paragraphs} paragraphs, place "${place}", credit "${credit}")`);
  }
}

function measureServer(text: string): number[] {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
    const started = performance.now();
    const story = parsePlainTextStory(text);
    const elapsed = performance.now() - started;
    if (i === 0) checkResult(story.body.content.filter((block) => block.type === "paragraph").length, story.datelinePlace, story.credit);
    if (i >= WARMUP) samples.push(elapsed);
  }
  return samples;
}

async function measureBrowser(browser: Browser, text: string): Promise<number[]> {
  const page = await browser.newPage();
  try {
    await page.goto("about:blank");
    await page.addScriptTag({ content: parserForBrowser() });
    const result = await page.evaluate(
      ({ input, warmup, samples }) => {
        const parse = (window as unknown as { parsePlainTextStory: typeof parsePlainTextStory }).parsePlainTextStory;
        const times: number[] = [];
        let check = { paragraphs: 0, place: "", credit: "" };
        for (let i = 0; i < warmup + samples; i += 1) {
          const started = performance.now();
          const story = parse(input);
          const elapsed = performance.now() - started;
          if (i === 0) check = { paragraphs: story.body.content.filter((block) => block.type === "paragraph").length, place: story.datelinePlace, credit: story.credit };
          if (i >= warmup) times.push(elapsed);
        }
        return { times, check };
      },
      { input: text, warmup: WARMUP, samples: SAMPLES },
    );
    checkResult(result.check.paragraphs, result.check.place, result.check.credit);
    return result.times;
  } finally {
    await page.close();
  }
}

export const benchmark: BenchModule = {
  name: "import",
  description: `the plain-text import of a generated ${WORDS.toLocaleString("en")}-word story, in Chromium and in Node`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const executable = findSystemChromium();
    if (!executable) throw new Error("No Chromium found (apt-get install chromium, or set CHROMIUM_PATH)");
    const text = generatedStory();
    const extra = { words: text.split(/\s+/u).length, characters: text.length };
    context.log(`  server: ${WARMUP} warm-up + ${SAMPLES} measured imports of ${extra.words} words`);
    const server = measureServer(text);
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
      context.log(`  browser: ${WARMUP} warm-up + ${SAMPLES} measured imports in Chromium`);
      const inBrowser = await measureBrowser(browser, text);
      return [
        {
          key: "browser",
          label: "Import a 5,000-word pasted story in the browser (parsePlainTextStory in Chromium)",
          samplesMs: inBrowser,
          targetMedianMs: TARGET_MS,
          extra: { ...extra, p95Ms: p95(inBrowser), targetP95Ms: TARGET_MS },
        },
        {
          key: "server",
          label: "Import a 5,000-word pasted story on the server (parsePlainTextStory in Node)",
          samplesMs: server,
          targetMedianMs: TARGET_MS,
          extra: { ...extra, p95Ms: p95(server), targetP95Ms: TARGET_MS },
        },
      ];
    } finally {
      await browser?.close();
    }
  },
};
