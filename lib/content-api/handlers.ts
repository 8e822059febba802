// The Content API's endpoints (app/api/content/v1/**/route.ts call these): each checks the key,
// parses its query (lib/content-api/params.ts) and reads (lib/content-api/queries.ts).

import "server-only";

import { serveContent } from "./http";
import { parseNoParams, parsePageParams, parseStoryListParams, parseStoryOneParams, slugCursor, timeCursor } from "./params";
import { getApiStory, listApiBylines, listApiCorrections, listApiSections, listApiStories, listApiTags } from "./queries";

export function answerStoryList(request: Request): Promise<Response> {
  return serveContent(request, (url) => listApiStories(parseStoryListParams(url.searchParams)));
}

export function answerStory(request: Request, idOrSlug: string): Promise<Response> {
  return serveContent(request, async (url) => {
    const { fields, include } = parseStoryOneParams(url.searchParams);
    const story = await getApiStory(idOrSlug, fields, include);
    return story ? { data: story } : null;
  });
}

export function answerSections(request: Request): Promise<Response> {
  return serveContent(request, async (url) => {
    parseNoParams(url.searchParams);
    return { data: await listApiSections() };
  });
}

export function answerBylines(request: Request): Promise<Response> {
  return serveContent(request, (url) => listApiBylines(parsePageParams(url.searchParams).limit, slugCursor(url.searchParams)));
}

export function answerTags(request: Request): Promise<Response> {
  return serveContent(request, (url) => listApiTags(parsePageParams(url.searchParams).limit, slugCursor(url.searchParams)));
}

export function answerCorrections(request: Request): Promise<Response> {
  return serveContent(request, (url) => listApiCorrections(parsePageParams(url.searchParams).limit, timeCursor(url.searchParams)));
}
