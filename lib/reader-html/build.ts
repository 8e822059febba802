import "server-only";

// What the story page written as HTML takes from the build it runs in (lib/reader-html/story.ts):
// the stylesheet Next made of app/globals.css, and the id of the server action that posts a
// comment. Read from the build's own manifests in `distDir`, once per process when both are found
// (under `next dev`, from <distDir>/dev on every render).
// A production build always has both (e2e/story-page-html.spec.ts checks the page's style and
// comments.spec.ts posts through the form); under `next dev` they appear as pages are compiled,
// and until then the page links no stylesheet or sends commenters to the discussion page.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { env } from "@/lib/env.mjs";

export interface BuildAssets {
  /** The stylesheets every reader page links (paths under /_next/). */
  stylesheets: string[];
  /** The server action `postCommentAction` (its id in this build), or null when not found. */
  postCommentId: string | null;
}

let found: BuildAssets | null = null;

// `next dev` writes its build to <distDir>/dev, and its file names change as files are edited.
const production = env.NODE_ENV === "production";
const dist = () => path.join(path.resolve(process.cwd(), env.NEWSDESK_DIST_DIR), production ? "" : "dev");

/** The client reference manifests of the build's pages, section fronts first. */
function manifests(): string[] {
  const root = path.join(dist(), "server", "app");
  const first = path.join(root, "(site)", "[section]", "page_client-reference-manifest.js");
  try {
    const all = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith("page_client-reference-manifest.js"))
      .map((file) => path.join(root, file));
    return [first, ...all.filter((file) => file !== first)];
  } catch {
    return [];
  }
}

/** The root layout's stylesheets, from a page's client reference manifest (the same for every page). */
function readStylesheets(): string[] {
  for (const file of manifests()) {
    try {
      const text = readFileSync(file, "utf8");
      // `globalThis.__RSC_MANIFEST["/(site)/[section]/page"] = {…};`
      const start = text.indexOf("{", text.indexOf('"] = '));
      const manifest = JSON.parse(text.slice(start, text.lastIndexOf("}") + 1)) as { entryCSSFiles?: Record<string, Array<{ path: string }>> };
      const files = manifest.entryCSSFiles?.["[project]/app/layout"] ?? [];
      if (files.length > 0) return files.map((entry) => `/_next/${entry.path}`);
    } catch {
      // Not written yet (a build under way, `next dev` compiling): the next one.
    }
  }
  return [];
}

function readPostCommentId(): string | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dist(), "server", "server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { filename?: string; exportedName?: string }>;
    };
    const entry = Object.entries(manifest.node).find(([, action]) => action.filename === "lib/actions/comments.ts" && action.exportedName === "postCommentAction");
    return entry?.[0] ?? null;
  } catch {
    return null;
  }
}

export function buildAssets(): BuildAssets {
  if (found) return found;
  const assets = { stylesheets: readStylesheets(), postCommentId: readPostCommentId() };
  if (production && assets.stylesheets.length > 0 && assets.postCommentId !== null) found = assets;
  return assets;
}
