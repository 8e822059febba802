// The Content API's endpoints. The route files under app/api/content/v1/ call these under Next;
// scripts/serve.mjs answers the same GETs before Next (contentApiRoute, registered by
// instrumentation.ts: docs/fast-paths.md, "Content API answers before Next"), with the same
// function, answerContent. Each checks the key, parses its query (lib/content-api/params.ts) and
// reads (lib/content-api/queries.ts).

import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";

import type { HeaderSource } from "@/lib/http/client-address";
import type { NodeRoute } from "@/lib/http/node-routes";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";

import { answerContent, serveContent, type ContentProducer } from "./http";
import { parseNoParams, parsePageParams, parseStoryListParams, parseStoryOneParams, slugCursor, timeCursor } from "./params";
import { getApiStory, listApiBylines, listApiCorrections, listApiSections, listApiStories, listApiTags } from "./queries";

const PREFIX = "/api/content/v1/";

const storyList: ContentProducer = (url) => listApiStories(parseStoryListParams(url.searchParams));

function oneStory(idOrSlug: string): ContentProducer {
  return async (url) => {
    const { fields, include } = parseStoryOneParams(url.searchParams);
    const story = await getApiStory(idOrSlug, fields, include);
    return story ? { data: story } : null;
  };
}

const sections: ContentProducer = async (url) => {
  parseNoParams(url.searchParams);
  return { data: await listApiSections() };
};
const bylines: ContentProducer = (url) => listApiBylines(parsePageParams(url.searchParams).limit, slugCursor(url.searchParams));
const tags: ContentProducer = (url) => listApiTags(parsePageParams(url.searchParams).limit, slugCursor(url.searchParams));
const corrections: ContentProducer = (url) => listApiCorrections(parsePageParams(url.searchParams).limit, timeCursor(url.searchParams));

const LISTS: Record<string, ContentProducer> = { stories: storyList, sections, bylines, tags, corrections };

/** The endpoint a path names (the route files' paths, openapi.json aside), or null. */
export function contentProducerFor(pathname: string): ContentProducer | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const rest = pathname.slice(PREFIX.length);
  const list = Object.hasOwn(LISTS, rest) ? LISTS[rest] : undefined;
  if (list) return list;
  const story = /^stories\/([^/]+)$/.exec(rest);
  if (!story) return null;
  try {
    // As Next decodes a dynamic segment.
    return oneStory(decodeURIComponent(story[1]!));
  } catch {
    return null;
  }
}

export function answerStoryList(request: Request): Promise<Response> {
  return serveContent(request, storyList);
}

export function answerStory(request: Request, idOrSlug: string): Promise<Response> {
  return serveContent(request, oneStory(idOrSlug));
}

export function answerSections(request: Request): Promise<Response> {
  return serveContent(request, sections);
}

export function answerBylines(request: Request): Promise<Response> {
  return serveContent(request, bylines);
}

export function answerTags(request: Request): Promise<Response> {
  return serveContent(request, tags);
}

export function answerCorrections(request: Request): Promise<Response> {
  return serveContent(request, corrections);
}

// ── Before Next (scripts/serve.mjs) ──────────────────────────────────

function nodeHeaders(request: IncomingMessage): HeaderSource {
  return {
    get(name: string) {
      const value = request.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** GETs of the Content API's endpoints, answered from Node's request and response. */
export const contentApiRoute: NodeRoute<{ url: URL; produce: ContentProducer }> = {
  target(method, rawUrl) {
    if (method !== "GET" || !rawUrl?.startsWith(PREFIX)) return null;
    let url: URL;
    try {
      url = new URL(rawUrl, "http://localhost");
    } catch {
      return null;
    }
    const produce = contentProducerFor(url.pathname);
    return produce ? { url, produce } : null;
  },
  async answer({ url, produce }, request: IncomingMessage, response: ServerResponse) {
    const answer = await answerContent(url, nodeHeaders(request), produce);
    // next.config.ts's headers() do not reach this path: the site's security headers are added here.
    const headers: Record<string, string> = { ...SECURITY_HEADERS, ...answer.headers };
    if (answer.body !== null) headers["Content-Length"] = String(typeof answer.body === "string" ? Buffer.byteLength(answer.body) : answer.body.byteLength);
    response.writeHead(answer.status, headers);
    response.end(answer.body ?? undefined);
  },
};
