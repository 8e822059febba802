// The Admin API's endpoints (app/api/admin/v1/**/route.ts call these). Each checks the key, then
// calls the same lib functions the desk does, with the integration as the actor: they check its
// role, validate, lock optimistically (a stale version is a 409 naming the current one) and write
// the audit record, which names the integration's account.

import "server-only";

import { serveAdmin } from "@/lib/content-api/http";
import { AppError } from "@/lib/errors";
import { readBodyUpTo } from "@/lib/http/request-guards";
import { formText } from "@/lib/http/values";
import { MAX_UPLOAD_BYTES } from "@/lib/media/images";
import { tooLargeError, uploadImage } from "@/lib/media/mutations";
import { CHOOSE_AN_IMAGE_FILE } from "@/lib/media/sentences";
import { changeStoryStatus, createStory, saveStory } from "@/lib/stories/mutations";
import { getStoryForEdit, type StoryForEdit } from "@/lib/stories/queries";

/** A story's JSON is far below this; a body past it is refused unread. */
const MAX_JSON_BYTES = 2 * 1024 * 1024;
const FORM_OVERHEAD_BYTES = 64 * 1024;

const SEND_JSON = "Send a JSON object (Content-Type: application/json).";

async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) throw new AppError("INVALID_INPUT", SEND_JSON);
  const bytes = await readBodyUpTo(request, MAX_JSON_BYTES);
  if (!bytes) throw new AppError("INVALID_INPUT", `The body is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB.`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw new AppError("INVALID_INPUT", SEND_JSON);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new AppError("INVALID_INPUT", SEND_JSON);
  return value as Record<string, unknown>;
}

/**
 * A story as the desk has it, drafts included, in the shape PUT takes back: read it, change it,
 * save it on the version given. The key's role decides what it may see, as in the desk.
 */
export function adminStoryOf(story: StoryForEdit) {
  return {
    id: story.id,
    slug: story.slug,
    version: story.version,
    status: story.status,
    headline: story.headline,
    standfirst: story.standfirst,
    dateline: story.dateline,
    datelinePlace: story.datelinePlace,
    credit: story.credit,
    embargoUntil: story.embargoUntil?.toISOString() ?? null,
    sectionId: story.sectionId,
    bylineIds: story.bylines.map((byline) => byline.id),
    tags: story.tags,
    body: story.body,
    heroImageId: story.heroImage?.id ?? null,
    commentPolicy: story.commentPolicy,
    seoTitle: story.seoTitle,
    seoDescription: story.seoDescription,
    socialHeadline: story.socialHeadline,
    publishedAt: story.publishedAt?.toISOString() ?? null,
    scheduledFor: story.scheduledFor?.toISOString() ?? null,
    updatedAt: story.updatedAt.toISOString(),
    // What the key may do with it, by the desk's rules (lib/stories/access.ts, workflow.ts): a
    // reporter's key reads its own published story but may not save it.
    canEdit: story.canEdit,
    actions: story.actions,
  };
}

/** GET /api/admin/v1/stories/{id}: one story, drafts included, with the version to save on. */
export function answerGetStory(request: Request, storyId: string): Promise<Response> {
  return serveAdmin(request, async (caller) => ({ status: 200, body: { data: adminStoryOf(await getStoryForEdit(caller.actor, storyId)) } }));
}

/** POST /api/admin/v1/stories: a new draft. */
export function answerCreateStory(request: Request): Promise<Response> {
  return serveAdmin(request, async (caller) => {
    const input = await readJsonObject(request);
    return { status: 201, body: { data: await createStory(caller.actor, input) } };
  });
}

/** PUT /api/admin/v1/stories/{id}: the story's fields, with the version they were based on. */
export function answerSaveStory(request: Request, storyId: string): Promise<Response> {
  return serveAdmin(request, async (caller) => {
    const { version, ...input } = await readJsonObject(request);
    return { status: 200, body: { data: await saveStory(caller.actor, storyId, version, input) } };
  });
}

/** POST /api/admin/v1/stories/{id}/status: a workflow action (submit, publish, schedule, …). */
export function answerStoryStatus(request: Request, storyId: string): Promise<Response> {
  return serveAdmin(request, async (caller) => {
    const input = await readJsonObject(request);
    return { status: 200, body: { data: await changeStoryStatus(caller.actor, { ...input, storyId }) } };
  });
}

/** POST /api/admin/v1/media: one image (multipart/form-data: file, alt, caption, credit). */
export function answerUploadMedia(request: Request): Promise<Response> {
  return serveAdmin(request, async (caller) => {
    const contentType = request.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) throw new AppError("INVALID_INPUT", "Send the image as multipart/form-data with a field named file.");
    if (Number(request.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES) throw tooLargeError();
    const body = await readBodyUpTo(request, MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES);
    if (!body) throw tooLargeError();
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new AppError("INVALID_INPUT", "The upload could not be read as multipart/form-data.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob) || file.size === 0) throw new AppError("INVALID_INPUT", CHOOSE_AN_IMAGE_FILE, { fieldErrors: { file: [CHOOSE_AN_IMAGE_FILE] } });
    const media = await uploadImage(caller.actor, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      filename: file instanceof File ? file.name : "upload",
      alt: formText(form, "alt"),
      caption: formText(form, "caption"),
      credit: formText(form, "credit"),
      duplicate: formText(form, "duplicate") === "keep" ? "keep" : "offer",
    });
    return { status: 201, body: { data: { id: media.id, width: media.width, height: media.height, alt: media.alt, caption: media.caption, credit: media.credit } } };
  });
}
