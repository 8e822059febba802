// Reading the Content API's query string: every parameter is known, every value parses, or the
// request is refused with a 400 naming the parameter. Pure: no database.

import { z } from "zod";

import {
  DEFAULT_STORY_FIELDS,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  STORY_FIELDS,
  STORY_INCLUDES,
  type StoryField,
  type StoryInclude,
} from "@/lib/content-api/schemas";
import { UUID_PATTERN } from "@/lib/validation/uuid";

export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "ParameterError";
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface StoryCursor {
  publishedAt: Date;
  id: string;
}

export interface StoryListParams {
  section: string | null;
  tag: string | null;
  byline: string | null;
  from: Date | null;
  to: Date | null;
  updatedSince: Date | null;
  fields: readonly StoryField[];
  include: readonly StoryInclude[];
  limit: number;
  cursor: StoryCursor | null;
}

function only(params: URLSearchParams, allowed: readonly string[]): void {
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name)) throw new ParameterError(name, `Unknown parameter "${name}". This endpoint takes: ${allowed.join(", ") || "none"}.`);
    if (params.getAll(name).length > 1) throw new ParameterError(name, `Give "${name}" once.`);
  }
}

function slugParam(params: URLSearchParams, name: string): string | null {
  const value = params.get(name);
  if (value === null) return null;
  if (!SLUG.test(value)) throw new ParameterError(name, `"${name}" must be a slug (lower-case letters, digits and hyphens).`);
  return value;
}

/** An ISO 8601 date (YYYY-MM-DD, midnight UTC; `endOfDay` for the next midnight) or date-time with a zone. */
function dateParam(params: URLSearchParams, name: string, endOfDay = false): Date | null {
  const value = params.get(name);
  if (value === null) return null;
  if (DATE_ONLY.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new ParameterError(name, `"${name}" is not a real date: ${value}.`);
    return endOfDay ? new Date(date.getTime() + 86_400_000) : date;
  }
  if (!z.iso.datetime({ offset: true }).safeParse(value).success) {
    throw new ParameterError(name, `"${name}" must be an ISO 8601 date (2026-12-06) or date-time with a zone (2026-12-06T09:30:00Z).`);
  }
  return new Date(value);
}

function listParam<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: readonly T[]): readonly T[] {
  const value = params.get(name);
  if (value === null) return fallback;
  const names = value.split(",").map((part) => part.trim()).filter(Boolean);
  for (const one of names) {
    if (!(allowed as readonly string[]).includes(one)) throw new ParameterError(name, `Unknown ${name === "fields" ? "field" : "include"} "${one}". Choose from: ${allowed.join(", ")}.`);
  }
  if (names.length === 0) throw new ParameterError(name, `"${name}" names nothing. Choose from: ${allowed.join(", ")}.`);
  return allowed.filter((one) => names.includes(one));
}

function limitParam(params: URLSearchParams): number {
  const value = params.get("limit");
  if (value === null) return PAGE_SIZE_DEFAULT;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > PAGE_SIZE_MAX) throw new ParameterError("limit", `"limit" must be a whole number from 1 to ${PAGE_SIZE_MAX}.`);
  return Number(value);
}

// Cursors are opaque to clients: base64url of JSON. They name the last item of the page (a keyset),
// so a page is the same whatever was published since: stable under inserts.
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

const CURSOR_TROUBLE = "\"cursor\" is not one this API gave out. Start again without it.";

function decodeCursor(value: string): unknown[] {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(value)) throw new ParameterError("cursor", CURSOR_TROUBLE);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (!Array.isArray(parsed)) throw new Error("not a list");
    return parsed;
  } catch {
    throw new ParameterError("cursor", CURSOR_TROUBLE);
  }
}

function storyCursor(params: URLSearchParams): StoryCursor | null {
  const value = params.get("cursor");
  if (value === null) return null;
  const [at, id, extra] = decodeCursor(value);
  if (typeof at !== "string" || typeof id !== "string" || extra !== undefined || !new RegExp(`^${UUID_PATTERN}$`, "i").test(id)) throw new ParameterError("cursor", CURSOR_TROUBLE);
  const publishedAt = new Date(at);
  if (Number.isNaN(publishedAt.getTime())) throw new ParameterError("cursor", CURSOR_TROUBLE);
  return { publishedAt, id };
}

export function storyCursorOf(story: { publishedAt: Date; id: string }): string {
  return encodeCursor([story.publishedAt.toISOString(), story.id]);
}

/** A slug cursor (bylines, tags): the last slug of the page. */
export function slugCursor(params: URLSearchParams): string | null {
  const value = params.get("cursor");
  if (value === null) return null;
  const [slug, extra] = decodeCursor(value);
  if (typeof slug !== "string" || extra !== undefined || !SLUG.test(slug)) throw new ParameterError("cursor", CURSOR_TROUBLE);
  return slug;
}

/** A correction cursor: the last correction's time and id. */
export function timeCursor(params: URLSearchParams): { at: Date; id: string } | null {
  const value = params.get("cursor");
  if (value === null) return null;
  const [at, id, extra] = decodeCursor(value);
  if (typeof at !== "string" || typeof id !== "string" || extra !== undefined || !new RegExp(`^${UUID_PATTERN}$`, "i").test(id)) throw new ParameterError("cursor", CURSOR_TROUBLE);
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new ParameterError("cursor", CURSOR_TROUBLE);
  return { at: date, id };
}

export const STORY_LIST_PARAMS = ["section", "tag", "byline", "from", "to", "updatedSince", "fields", "include", "limit", "cursor"] as const;
export const STORY_ONE_PARAMS = ["fields", "include"] as const;
export const PAGE_PARAMS = ["limit", "cursor"] as const;

export function parseStoryListParams(params: URLSearchParams): StoryListParams {
  only(params, STORY_LIST_PARAMS);
  const from = dateParam(params, "from");
  const to = dateParam(params, "to", true);
  if (from && to && from.getTime() >= to.getTime()) throw new ParameterError("to", "\"to\" must come after \"from\".");
  return {
    section: slugParam(params, "section"),
    tag: slugParam(params, "tag"),
    byline: slugParam(params, "byline"),
    from,
    to,
    updatedSince: dateParam(params, "updatedSince"),
    fields: listParam(params, "fields", STORY_FIELDS, DEFAULT_STORY_FIELDS),
    include: listParam(params, "include", STORY_INCLUDES, []),
    limit: limitParam(params),
    cursor: storyCursor(params),
  };
}

export function parseStoryOneParams(params: URLSearchParams): Pick<StoryListParams, "fields" | "include"> {
  only(params, STORY_ONE_PARAMS);
  return { fields: listParam(params, "fields", STORY_FIELDS, DEFAULT_STORY_FIELDS), include: listParam(params, "include", STORY_INCLUDES, []) };
}

export function parsePageParams(params: URLSearchParams): { limit: number } {
  only(params, PAGE_PARAMS);
  return { limit: limitParam(params) };
}

export function parseNoParams(params: URLSearchParams): void {
  only(params, []);
}
