// Issue 16, Speed: "Importing a 5,000-word story: under 50 ms in the browser's parser and on the
// server." A generated news page (navigation, cookie banner, JSON-LD, figures with credits, a
// 5,000-word article with subheadings, quotes and lists, related links, a newsletter box, footer)
// is read by parseHtmlStory (lib/stories/import-html.ts), the same function the import dialog
// runs on a paste or a chosen file:
//
//   browser   in Debian's Chromium: the function bundled (esbuild, which tsx ships) into a blank
//             page, timed with the page's own clock (performance.now()) around each call.
//   server    in this Node process, timed with performance.now() around each call.
//
// Each: WARMUP unmeasured calls, then SAMPLES measured ones; target: median under 50 ms (the p95 is
// printed beside it). Every call's result is checked (headline, paragraphs, images), so a fast
// wrong answer cannot pass.

import path from "node:path";
import { performance } from "node:perf_hooks";

import { chromium, type Browser } from "@playwright/test";
import { build } from "esbuild";

import { parseHtmlStory } from "../../lib/stories/import-html";
import { CHROMIUM_ARGS, findSystemChromium } from "../lib/chromium";
import { ROOT } from "../lib/paths";
import type { BenchContext, BenchModule, Measurement } from "./run";

const WORDS = 5_000;
const TARGET_MS = 50;
const SAMPLES = 100;
const WARMUP = 20;
const HEADLINE = "Regional water board approves a ten-year plan for the river basin";

const VOCABULARY = (
  "the board said river water plan towns farms levels summer drought pumps reservoir council members vote " +
  "residents pipes cost million years report engineers flood season supply wells rain north south valley " +
  "meeting public comment budget repair station survey data households bills rates weather storage"
).split(" ");

/** A deterministic page of about `words` words of story, wrapped in a news site's furniture. */
export function generateArticlePage(words = WORDS): string {
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  const sentence = (length: number) => {
    const picked = Array.from({ length }, () => VOCABULARY[next() % VOCABULARY.length]!);
    return `${picked[0]!.charAt(0).toUpperCase()}${picked[0]!.slice(1)} ${picked.slice(1).join(" ")}.`;
  };
  const parts: string[] = [];
  let written = 0;
  let paragraph = 0;
  while (written < words) {
    paragraph += 1;
    if (paragraph % 12 === 0) parts.push(`<h2>Part ${paragraph / 12} of the plan</h2>`);
    if (paragraph % 17 === 0) parts.push(`<ul><li>${sentence(8)}</li><li>${sentence(9)}</li><li>${sentence(7)}</li></ul>`);
    if (paragraph % 20 === 0) {
      parts.push(
        `<figure class="inline-image"><img src="https://img.example.com/river-${paragraph}.jpg" alt="${sentence(5)}" width="1200" height="800">` +
          `<figcaption>${sentence(10)} <span class="credit">Photo: Staff Photographer</span></figcaption></figure>`,
      );
    }
    if (paragraph % 25 === 0) parts.push('<div class="ad-slot"><p>Advertisement</p></div>');
    const length = 40 + (next() % 30);
    const text = `${sentence(length - 12)} “${sentence(8)}” said Ana Riverside.`;
    parts.push(`<p>${paragraph === 1 ? "RIVERTON (Valley Wire) - " : ""}${text} <a href="https://example.com/doc/${paragraph}">${sentence(2)}</a></p>`);
    written += length + 2;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${HEADLINE} | The Valley Times</title>
<meta property="og:title" content="${HEADLINE}"><meta property="og:image" content="https://img.example.com/river-lead.jpg">
<meta name="description" content="A long-running dispute over the river's water ends with a plan the farms and the towns both signed.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${HEADLINE}","datePublished":"2026-11-20T08:00:00Z","articleSection":"Environment","author":[{"@type":"Person","name":"Ana Riverside"}]}</script>
<script>${"window.analytics=1;".repeat(500)}</script><style>${".a{color:red}".repeat(500)}</style></head>
<body><div class="cookie-banner"><p>We use cookies.</p><button>Accept</button></div>
<header><nav>${Array.from({ length: 40 }, (_, i) => `<a href="/s/${i}">Section ${i}</a>`).join("")}</nav></header>
<main><article><header><h1>${HEADLINE}</h1><p class="dek">A long-running dispute over the river's water ends with a plan the farms and the towns both signed.</p>
<p class="byline">By <a rel="author" href="/p/ana">Ana Riverside</a></p><time datetime="2026-11-20T08:00:00Z">20 November 2026</time>
<div class="share-bar"><a href="#">Share</a></div></header>
<figure><img src="https://img.example.com/river-lead.jpg" alt="The river at dawn"><figcaption>The river below the dam. <span class="credit">Photo: Jo Bank / The Valley Times</span></figcaption></figure>
<div class="article-body">${parts.join("\n")}<p>Reporting by Ana Riverside; Editing by Sam Ford</p></div>
<aside class="related"><h3>Related</h3><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/r/${i}">${sentence(6)}</a></li>`).join("")}</ul></aside>
<div class="newsletter"><p>Sign up for our newsletter.</p></div></article></main>
<footer><p>© 2026 The Valley Times</p></footer></body></html>`;
}

function check(result: ReturnType<typeof parseHtmlStory>): void {
  if (result.kind !== "ok") throw new Error(`The import refused the generated page: ${result.message}`);
  const { story } = result;
  if (story.headline !== HEADLINE) throw new Error(`Wrong headline: ${story.headline}`);
  if (story.datelinePlace !== "RIVERTON") throw new Error(`Wrong dateline place: ${story.datelinePlace}`);
  if (story.body.content.filter((block) => block.type === "paragraph").length < 80) throw new Error("Too few paragraphs read");
  if (story.images.length < 5) throw new Error(`Too few images offered: ${story.images.length}`);
}

function measureServer(html: string): number[] {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
    const start = performance.now();
    const result = parseHtmlStory(html);
    const ms = performance.now() - start;
    check(result);
    if (i >= WARMUP) samples.push(ms);
  }
  return samples;
}

async function measureBrowser(html: string): Promise<number[]> {
  const executable = findSystemChromium();
  if (!executable) throw new Error("No Chromium found (apt-get install chromium, or set CHROMIUM_PATH)");
  const bundle = await build({
    stdin: { contents: 'export { parseHtmlStory } from "./lib/stories/import-html";', resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "iife",
    globalName: "importHtml",
    platform: "browser",
    target: "chrome120",
    write: false,
    alias: { "@": ROOT },
    tsconfig: path.join(ROOT, "tsconfig.json"),
  });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.setContent("<!DOCTYPE html><title>import-html bench</title>");
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const runs = await page.evaluate(
      ({ source, warmup, samples }) => {
        const api = (window as unknown as { importHtml: { parseHtmlStory: typeof parseHtmlStory } }).importHtml;
        const times: number[] = [];
        let last: ReturnType<typeof parseHtmlStory> | null = null;
        for (let i = 0; i < warmup + samples; i += 1) {
          const start = performance.now();
          last = api.parseHtmlStory(source);
          const ms = performance.now() - start;
          if (i >= warmup) times.push(ms);
        }
        return { times, last };
      },
      { source: html, warmup: WARMUP, samples: SAMPLES },
    );
    check(runs.last!);
    return runs.times;
  } finally {
    await browser?.close();
  }
}

export const benchmark: BenchModule = {
  name: "import-html",
  description: `importing a generated ${WORDS.toLocaleString("en-GB")}-word article page (HTML) in Chromium and in Node`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const html = generateArticlePage();
    context.log(`Generated page: ${(html.length / 1024).toFixed(0)} KB`);
    const browser = await measureBrowser(html);
    const server = measureServer(html);
    return [
      { key: "browser", label: `Import a ${WORDS.toLocaleString("en-GB")}-word HTML page in Chromium (parseHtmlStory)`, samplesMs: browser, targetMedianMs: TARGET_MS, extra: { bytes: html.length } },
      { key: "server", label: `Import a ${WORDS.toLocaleString("en-GB")}-word HTML page in Node (parseHtmlStory)`, samplesMs: server, targetMedianMs: TARGET_MS, extra: { bytes: html.length } },
    ];
  },
};
