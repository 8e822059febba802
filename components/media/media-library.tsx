"use client";

import { useCallback, useEffect, useId, useRef, useState, useTransition } from "react";

import { updateMediaDetailsAction } from "@/lib/actions/media";
import type { FieldErrors } from "@/lib/errors";
import type { MediaItem, MediaPage } from "@/lib/media/queries";
import { ACCEPTED_IMAGE_TYPES, ALT_MAX, CAPTION_MAX, CREDIT_MAX, MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, SEARCH_MAX } from "@/lib/media/schemas";
import { FieldError } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ALREADY_IN_LIBRARY, CHOOSE_AN_IMAGE_FILE } from "@/lib/media/sentences";
import { CropEditor } from "@/components/media/crop-editor";

const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";
const buttonClass = "rounded border border-[var(--rule)] px-3 py-1.5 text-sm font-semibold disabled:opacity-60";
const primaryButtonClass = "rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60";

function imageName(item: MediaItem): string {
  return item.caption || item.alt || `untitled image (${item.width} × ${item.height})`;
}

function thumbnailUrl(item: MediaItem): string {
  return item.variants[0]?.url ?? item.url;
}

function errorMessage(body: unknown, fallback: string): string {
  if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") return body.error;
  return fallback;
}

/** POST the form with upload progress (fetch cannot report it). Resolves with the status and parsed JSON. */
function sendUpload(data: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/media");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => resolve({ status: request.status, body: request.response as unknown }));
    request.addEventListener("error", () => reject(new Error("network")));
    request.addEventListener("abort", () => reject(new Error("aborted")));
    request.send(data);
  });
}

function UploadForm({ onUploaded, onUseExisting }: { onUploaded: (item: MediaItem) => void; onUseExisting: (item: MediaItem) => void }) {
  const id = useId();
  // The same file is already in the library: offered instead, with the form's data kept for "upload a copy".
  const [duplicate, setDuplicate] = useState<{ existing: MediaItem; fileName: string; data: FormData; form: HTMLFormElement } | null>(null);
  const duplicateRef = useRef<HTMLDivElement>(null);
  const [uploading, setUploading] = useState(false);
  // Before hydration the button would post the form the browser's way and drop the file.
  const hydrated = useHydrated();
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    await send(form, new FormData(form));
  }

  async function send(form: HTMLFormElement, data: FormData) {
    const file = data.get("file");
    setError("");
    setFieldErrors({});
    setDuplicate(null);
    // Courtesy checks only: the server decides from the bytes themselves.
    if (!(file instanceof File) || file.size === 0) {
      setStatus("");
      setError(CHOOSE_AN_IMAGE_FILE);
      setFieldErrors({ file: [CHOOSE_AN_IMAGE_FILE] });
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setStatus("");
      setError(`That file is too big: images can be at most ${MAX_UPLOAD_LABEL}.`);
      setFieldErrors({ file: [`Choose a file of at most ${MAX_UPLOAD_LABEL}.`] });
      return;
    }
    setUploading(true);
    setStatus(`Uploading ${file.name}…`);
    let lastAnnounced = 0;
    try {
      const { status: code, body } = await sendUpload(data, (fraction) => {
        const percent = Math.floor(fraction * 100);
        // Every quarter is enough for a screen reader; more would talk over itself.
        if (percent === 100 || percent - lastAnnounced >= 25) {
          lastAnnounced = percent;
          setStatus(percent === 100 ? `Processing ${file.name}…` : `Uploading ${file.name}: ${percent}%`);
        }
      });
      if (code === 201) {
        const item = body as MediaItem;
        form.reset();
        setStatus(`Uploaded ${file.name}. It is now first in the library.`);
        onUploaded(item);
        return;
      }
      if (code === 409 && typeof body === "object" && body !== null && "existing" in body) {
        setStatus("");
        setDuplicate({ existing: body.existing as MediaItem, fileName: file.name, data, form });
        requestAnimationFrame(() => duplicateRef.current?.focus());
        return;
      }
      setStatus("");
      setError(code === 401 ? "Your session has ended. Sign in again, then retry the upload." : errorMessage(body, "The upload failed. Nothing was saved; try again."));
      if (typeof body === "object" && body !== null && "fieldErrors" in body) setFieldErrors(body.fieldErrors as FieldErrors);
      else if (code === 400 || code === 413) setFieldErrors({ file: [errorMessage(body, "Choose another file.")] });
    } catch {
      setStatus("");
      setError("The upload did not reach the newsroom. Check your connection and try again.");
    } finally {
      setUploading(false);
    }
  }

  const fileErrorId = `${id}-file-error`;
  const fileHintId = `${id}-file-hint`;
  return (
    <form onSubmit={onSubmit} aria-labelledby={`${id}-heading`} className="mt-4 rounded border border-[var(--rule)] p-4" noValidate>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Upload an image
      </h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <div className="md:col-span-2">
          <label htmlFor={`${id}-file`} className="font-semibold">
            Image file
          </label>
          <input
            id={`${id}-file`}
            name="file"
            type="file"
            accept={ACCEPTED_IMAGE_TYPES}
            required
            className="mt-1 block w-full text-sm"
            aria-describedby={[fileHintId, fieldErrors.file ? fileErrorId : ""].filter(Boolean).join(" ")}
            aria-invalid={fieldErrors.file ? true : undefined}
          />
          <p id={fileHintId} className="mt-1 text-sm text-[var(--muted)]">
            JPEG, PNG or WebP, up to {MAX_UPLOAD_LABEL}. Location and camera data are removed.
          </p>
          <FieldError id={fileErrorId} errors={fieldErrors.file} />
        </div>
        <div className="md:col-span-2">
          <label htmlFor={`${id}-alt`} className="font-semibold">
            Alt text
          </label>
          <input
            id={`${id}-alt`}
            name="alt"
            maxLength={ALT_MAX}
            className={inputClass}
            aria-describedby={`${id}-alt-hint${fieldErrors.alt ? ` ${id}-alt-error` : ""}`}
            aria-invalid={fieldErrors.alt ? true : undefined}
          />
          <p id={`${id}-alt-hint`} className="mt-1 text-sm text-[var(--muted)]">
            What the image shows, for readers who cannot see it.
          </p>
          <FieldError id={`${id}-alt-error`} errors={fieldErrors.alt} />
        </div>
        <div>
          <label htmlFor={`${id}-caption`} className="font-semibold">
            Caption
          </label>
          <input
            id={`${id}-caption`}
            name="caption"
            maxLength={CAPTION_MAX}
            className={inputClass}
            aria-describedby={fieldErrors.caption ? `${id}-caption-error` : undefined}
            aria-invalid={fieldErrors.caption ? true : undefined}
          />
          <FieldError id={`${id}-caption-error`} errors={fieldErrors.caption} />
        </div>
        <div>
          <label htmlFor={`${id}-credit`} className="font-semibold">
            Credit
          </label>
          <input
            id={`${id}-credit`}
            name="credit"
            maxLength={CREDIT_MAX}
            className={inputClass}
            aria-describedby={fieldErrors.credit ? `${id}-credit-error` : undefined}
            aria-invalid={fieldErrors.credit ? true : undefined}
          />
          <FieldError id={`${id}-credit-error`} errors={fieldErrors.credit} />
        </div>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-4">
        <button type="submit" className={primaryButtonClass} disabled={uploading || !hydrated}>
          Upload
        </button>
        <p role="status" className="text-sm">
          {status}
        </p>
      </div>
      <div role="alert" className="mt-2 text-sm font-semibold text-[var(--accent)]">
        {error}
      </div>
      {duplicate ? (
        <div ref={duplicateRef} tabIndex={-1} role="group" aria-labelledby={`${id}-duplicate`} className="mt-3 flex flex-wrap items-center gap-4 rounded border border-[var(--ink)] p-3">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img
            src={thumbnailUrl(duplicate.existing)}
            alt={duplicate.existing.alt}
            width={duplicate.existing.width}
            height={duplicate.existing.height}
            className="h-20 w-28 rounded bg-[var(--rule)] object-cover"
            style={{ objectPosition: duplicate.existing.objectPosition }}
          />
          <div className="min-w-0 flex-1">
            <p id={`${id}-duplicate`} className="font-semibold">
              {ALREADY_IN_LIBRARY}
            </p>
            <p className="text-sm text-[var(--muted)]">
              {duplicate.fileName} is the same file as “{imageName(duplicate.existing)}”.
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <button
                type="button"
                className={primaryButtonClass}
                onClick={() => {
                  const existing = duplicate.existing;
                  duplicate.form.reset();
                  setDuplicate(null);
                  setStatus(`Using the image already in the library: ${imageName(existing)}.`);
                  onUseExisting(existing);
                }}
              >
                Use the existing image
              </button>
              <button
                type="button"
                className={buttonClass}
                disabled={uploading}
                onClick={() => {
                  const data = duplicate.data;
                  data.set("duplicate", "keep");
                  void send(duplicate.form, data);
                }}
              >
                Upload a copy anyway
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </form>
  );
}

function DetailsForm({ item, onSaved, onClose }: { item: MediaItem; onSaved: (item: MediaItem) => void; onClose: () => void }) {
  const id = useId();
  const firstField = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = { alt: String(data.get("alt") ?? ""), caption: String(data.get("caption") ?? ""), credit: String(data.get("credit") ?? "") };
    startTransition(async () => {
      const result = await updateMediaDetailsAction(item.id, input);
      if (result.ok) {
        onSaved(result.data);
        return;
      }
      setError(result.message);
      setFieldErrors(result.fieldErrors ?? {});
    });
  }

  const field = (name: "alt" | "caption" | "credit", label: string, max: number) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="text-sm font-semibold">
        {label}
      </label>
      <input
        ref={name === "alt" ? firstField : undefined}
        id={`${id}-${name}`}
        name={name}
        defaultValue={item[name]}
        maxLength={max}
        className={inputClass}
        aria-describedby={fieldErrors[name] ? `${id}-${name}-error` : undefined}
        aria-invalid={fieldErrors[name] ? true : undefined}
      />
      <FieldError id={`${id}-${name}-error`} errors={fieldErrors[name]} />
    </div>
  );

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          onClose();
        }
      }}
      aria-label={`Details of ${imageName(item)}`}
      className="mt-3 grid gap-3 border-t border-[var(--rule)] pt-3"
    >
      {field("alt", "Alt text", ALT_MAX)}
      {field("caption", "Caption", CAPTION_MAX)}
      {field("credit", "Credit", CREDIT_MAX)}
      <div role="alert" className="text-sm font-semibold text-[var(--accent)]">
        {error}
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          Save details
        </button>
        <button type="button" className={buttonClass} onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MediaCard({
  item,
  onPick,
  onSaved,
}: {
  item: MediaItem;
  onPick: ((item: MediaItem) => void) | undefined;
  onSaved: (item: MediaItem, message: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [cropping, setCropping] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const cropDialog = useRef<HTMLDialogElement>(null);
  const formId = useId();
  const name = imageName(item);

  function openCrop() {
    setCropping(true);
    requestAnimationFrame(() => cropDialog.current?.showModal());
  }

  function closeCrop() {
    cropDialog.current?.close();
  }

  function close() {
    setEditing(false);
    // Back where the person was, not at the top of the page.
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <li className="flex min-w-0 flex-col rounded border border-[var(--rule)] p-3 [overflow-wrap:anywhere]">
      <figure>
        {/* Served by /media/<id>/<width> in the sizes the library made; next/image would resize them again. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={thumbnailUrl(item)}
          alt={item.alt}
          width={item.width}
          height={item.height}
          loading="lazy"
          decoding="async"
          // The card shows a 4:3 window of the picture, kept on its focal point.
          style={{ objectPosition: item.objectPosition }}
          className="aspect-[4/3] w-full rounded bg-[var(--rule)] object-cover"
        />
        <figcaption className="mt-2 text-sm">
          {item.caption ? <span>{item.caption}</span> : <span className="text-[var(--muted)]">No caption</span>}
          {item.credit ? <span className="block text-[var(--muted)]">{item.credit}</span> : null}
          {item.alt ? null : <span className="block font-semibold text-[var(--accent)]">No alt text yet: a story cannot be published with it until it has some</span>}
          {item.crop ? (
            <span className="block text-[var(--muted)]">
              Cropped to {item.width} × {item.height}
            </span>
          ) : null}
        </figcaption>
      </figure>
      <div className="mt-auto flex flex-wrap gap-2 pt-3">
        {onPick ? (
          <button type="button" className={primaryButtonClass} aria-label={`Insert ${name}`} onClick={() => onPick(item)}>
            Insert
          </button>
        ) : null}
        {item.canEdit ? (
          <button
            ref={editButton}
            type="button"
            className={buttonClass}
            aria-label={item.alt ? `Edit details of ${name}` : `Add alt text to ${name}`}
            aria-expanded={editing}
            aria-controls={editing ? formId : undefined}
            onClick={() => (editing ? close() : setEditing(true))}
          >
            {item.alt ? "Edit details" : "Add alt text"}
          </button>
        ) : null}
        {item.canEdit ? (
          <button type="button" className={buttonClass} aria-label={`Crop ${name}`} onClick={openCrop}>
            Crop
          </button>
        ) : null}
      </div>
      {item.canEdit ? (
        <dialog
          ref={cropDialog}
          aria-label={`Crop and focal point of ${name}`}
          onClose={() => setCropping(false)}
          className="m-auto w-[calc(100%-2rem)] max-w-4xl rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/50"
        >
          {cropping ? (
            <CropEditor
              item={item}
              onClose={closeCrop}
              onSaved={(saved) => {
                onSaved(saved, `Saved the crop and focal point of ${imageName(saved)}.`);
                closeCrop();
              }}
            />
          ) : null}
        </dialog>
      ) : null}
      {editing ? (
        <div id={formId}>
          <DetailsForm
            item={item}
            onClose={close}
            onSaved={(saved) => {
              onSaved(saved, `Saved the details of ${imageName(saved)}.`);
              close();
            }}
          />
        </div>
      ) : null}
    </li>
  );
}

/** The media library: upload, search and, given onPick, choose an image to insert. */
export function MediaLibrary({ onPick }: { onPick?: (item: MediaItem) => void }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [items, setItems] = useState<MediaItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [listError, setListError] = useState("");
  const [listStatus, setListStatus] = useState("");
  const requestRef = useRef<AbortController | null>(null);
  const hydrated = useHydrated();

  const load = useCallback(async (search: string, cursor: string | null) => {
    requestRef.current?.abort();
    const controller = new AbortController();
    requestRef.current = controller;
    setLoading(true);
    setListError("");
    const params = new URLSearchParams();
    if (search) params.set("q", search);
    if (cursor) params.set("cursor", cursor);
    try {
      const response = await fetch(`/api/media?${params.toString()}`, { signal: controller.signal, cache: "no-store" });
      const body = (await response.json().catch(() => null)) as unknown;
      if (!response.ok) {
        setListError(errorMessage(body, "The media library could not be loaded. Reload the page to try again."));
        return;
      }
      const page = body as MediaPage;
      setItems((current) => (cursor ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      if (search) setListStatus(page.items.length === 0 && !cursor ? `No images match “${search}”.` : `Showing images that match “${search}”.`);
      else setListStatus("");
    } catch (error) {
      if ((error as { name?: string }).name !== "AbortError") setListError("The media library could not be loaded. Check your connection and reload.");
    } finally {
      if (requestRef.current === controller) setLoading(false);
    }
  }, []);

  // Search as the person types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => void load(query.trim(), null), query ? 300 : 0);
    return () => clearTimeout(timer);
  }, [query, load]);

  useEffect(() => () => requestRef.current?.abort(), []);

  function replace(saved: MediaItem, message: string) {
    setItems((current) => current.map((item) => (item.id === saved.id ? saved : item)));
    setListStatus(message);
  }

  return (
    <div>
      <UploadForm
        onUploaded={(item) => {
          setItems((current) => [item, ...current.filter((existing) => existing.id !== item.id)]);
        }}
        onUseExisting={(item) => {
          if (onPick) {
            onPick(item);
            return;
          }
          // Brought to the top of the library, where its details and crop can be changed.
          setItems((current) => [item, ...current.filter((existing) => existing.id !== item.id)]);
        }}
      />

      <section aria-labelledby={`${id}-library`} className="mt-8">
        <h2 id={`${id}-library`} className="text-lg font-semibold">
          Images
        </h2>
        <form role="search" className="mt-2 max-w-md" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={`${id}-search`} className="font-semibold">
            Search media
          </label>
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            maxLength={SEARCH_MAX}
            // A search typed before hydration would never run: the field waits for it.
            disabled={!hydrated}
            onChange={(event) => setQuery(event.target.value)}
            className={inputClass}
            aria-describedby={`${id}-search-hint`}
          />
          <p id={`${id}-search-hint`} className="mt-1 text-sm text-[var(--muted)]">
            Searches captions, alt text and credits.
          </p>
        </form>
        <p role="status" className="mt-3 text-sm">
          {listStatus}
        </p>
        <div role="alert" className="text-sm font-semibold text-[var(--accent)]">
          {listError}
        </div>

        {items.length === 0 && !loading && !listError ? (
          <p className="mt-4 text-[var(--muted)]">{query.trim() ? "No images match that search." : "No images yet. Upload the first one above."}</p>
        ) : (
          <ul aria-label="Media" aria-busy={loading} className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((item) => (
              <MediaCard key={item.id} item={item} onPick={onPick} onSaved={replace} />
            ))}
          </ul>
        )}
        {nextCursor ? (
          <button type="button" className={`${buttonClass} mt-4`} disabled={loading} onClick={() => void load(query.trim(), nextCursor)}>
            Show older images
          </button>
        ) : null}
      </section>
    </div>
  );
}
