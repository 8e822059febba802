// The media library's API for the desk: POST uploads one image (multipart/form-data: file, alt,
// caption, credit; duplicate=keep to store a file the library already has, which otherwise answers
// 409 with the existing image), GET lists and searches. The lib functions check permission and validate;
// this file refuses cross-site posts and oversized bodies before reading them.

import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { INTERNAL_FAILURE_MESSAGE, isAppError } from "@/lib/errors";
import { isCrossSite, readBodyUpTo } from "@/lib/http/request-guards";
import { formText } from "@/lib/http/values";
import { MAX_UPLOAD_BYTES } from "@/lib/media/images";
import { tooLargeError, uploadImage } from "@/lib/media/mutations";
import { listMedia } from "@/lib/media/queries";
import { STAFF_ONLY_UPLOAD, CHOOSE_AN_IMAGE_FILE } from "@/lib/media/sentences";

// Room for the multipart boundaries and the three text fields around the file itself.
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES;

const NO_STORE = { "Cache-Control": "private, no-store" } as const;

function jsonError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status, headers: NO_STORE });
}

function refusal(error: unknown): Response {
  if (!isAppError(error)) {
    console.error("Media request failed", error);
    return jsonError(500, INTERNAL_FAILURE_MESSAGE);
  }
  const fieldErrors = error.fieldErrors ? { fieldErrors: error.fieldErrors } : {};
  switch (error.code) {
    case "UNAUTHENTICATED":
      return jsonError(401, error.message);
    case "FORBIDDEN":
      return jsonError(403, error.message);
    case "NOT_FOUND":
      return jsonError(404, error.message);
    case "CONFLICT":
      // The same file is already in the library: the client offers it instead.
      return jsonError(409, error.message, error.details?.existing ? { existing: error.details.existing } : {});
    case "INVALID_INPUT":
      return jsonError(error.details?.tooLarge ? 413 : 400, error.message, fieldErrors);
    case "INTERNAL":
      return jsonError(500, error.message);
    default:
      return jsonError(400, error.message, fieldErrors);
  }
}

export async function POST(request: Request): Promise<Response> {
  if (isCrossSite(request.headers)) return jsonError(403, "Uploads are only accepted from the newsroom's own pages.");

  // Refuse early, before reading a byte of the body: the lib function checks again.
  const actor = await getActor();
  if (!actor) return jsonError(401, "Sign in to upload images.");
  if (!can(actor.role, "story.editOwn")) return jsonError(403, STAFF_ONLY_UPLOAD);

  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return jsonError(400, "Send the image as a form upload (multipart/form-data) with a field named file.");
  }
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > MAX_BODY_BYTES) return jsonError(413, tooLargeError().message);
  // Content-Length can be missing (chunked) or wrong: count the bytes that actually arrive too.
  const body = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (!body) return jsonError(413, tooLargeError().message);

  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return jsonError(400, "The upload could not be read. Choose the file again and retry.");
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || (file instanceof File && file.name === "" && file.size === 0)) {
    return jsonError(400, CHOOSE_AN_IMAGE_FILE, { fieldErrors: { file: [CHOOSE_AN_IMAGE_FILE] } });
  }
  if (file.size > MAX_UPLOAD_BYTES) return jsonError(413, tooLargeError().message);

  try {
    const item = await uploadImage(actor, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      filename: file instanceof File ? file.name : "",
      alt: formText(form, "alt"),
      caption: formText(form, "caption"),
      credit: formText(form, "credit"),
      duplicate: formText(form, "duplicate") === "keep" ? "keep" : "offer",
    });
    return Response.json(item, { status: 201, headers: NO_STORE });
  } catch (error) {
    return refusal(error);
  }
}

export async function GET(request: Request): Promise<Response> {
  const actor = await getActor();
  const url = new URL(request.url);
  try {
    const page = await listMedia(actor, {
      query: url.searchParams.get("q") ?? "",
      ...(url.searchParams.get("cursor") ? { cursor: url.searchParams.get("cursor") ?? "" } : {}),
      ...(url.searchParams.get("limit") ? { limit: url.searchParams.get("limit") ?? "" } : {}),
    });
    return Response.json(page, { headers: NO_STORE });
  } catch (error) {
    return refusal(error);
  }
}
