"use client";

import { useId, useMemo, useState, useTransition } from "react";

import { importRemoteImageAction, updateMediaDetailsAction } from "@/lib/actions/media";
import type { MediaItem } from "@/lib/media/queries";
import { decodeHtmlFile, HTML_IMPORT_MAX_BYTES, HTML_TOO_LARGE, parseHtmlStory, type HtmlImportResult, type ImportedHtmlStory, type ImportedImage } from "@/lib/stories/import-html";

type ImageState = { kind: "idle" } | { kind: "pending" } | { kind: "done"; item: MediaItem } | { kind: "error"; message: string };
type Featured = NonNullable<ImportedHtmlStory["featuredImage"]>;

function hostOf(src: string): string {
  try {
    return new URL(src).hostname;
  } catch {
    return src;
  }
}

/** One image the page offers: its caption and credit, and a button that fetches it into the media library. */
function OfferedImage({
  image,
  onAdded,
  featured,
  onFeature,
}: {
  image: ImportedImage;
  onAdded: (note: string) => void;
  featured: boolean;
  onFeature: (image: Featured | null) => void;
}) {
  const [state, setState] = useState<ImageState>({ kind: "idle" });
  const [, startTransition] = useTransition();
  const name = image.caption || image.alt || hostOf(image.src);

  function add() {
    setState({ kind: "pending" });
    startTransition(async () => {
      // The server fetches the address under the media library's guard (lib/media/remote.ts) and checks who is asking.
      const result = await importRemoteImageAction({ url: image.src, alt: image.alt || image.caption });
      if (!result.ok) {
        setState({ kind: "error", message: result.message });
        return;
      }
      let item = result.data;
      if (image.caption || image.credit) {
        const details = await updateMediaDetailsAction(item.id, { alt: item.alt || image.alt || image.caption, caption: image.caption, credit: image.credit });
        if (!details.ok) {
          setState({ kind: "error", message: details.message });
          return;
        }
        item = details.data;
      }
      setState({ kind: "done", item });
      onAdded(`Image "${name}" added to the media library.`);
    });
  }

  return (
    <li className="border-t border-[var(--rule)] py-2 first:border-t-0">
      <p className="break-words">
        {image.lead ? <span className="font-semibold">Lead image. </span> : null}
        {image.caption || <span className="text-[var(--muted)]">No caption.</span>}
      </p>
      <p className="text-[var(--muted)]">
        Credit: {image.credit || "none on the page"} · <span className="break-all">{hostOf(image.src)}</span>
      </p>
      {state.kind === "done" ? (
        <>
          <p className="font-semibold" role="status">
            Added to the media library.
          </p>
          <label className="mt-1 flex items-center gap-2">
            <input
              type="checkbox"
              checked={featured}
              onChange={(event) => {
                event.stopPropagation();
                const { id, url, alt, credit } = state.item;
                onFeature(event.target.checked ? { id, url, alt, credit } : null);
              }}
            />
            Use as the featured image
          </label>
        </>
      ) : (
        <button type="button" onClick={add} disabled={state.kind === "pending"} className="mt-1 rounded border border-[var(--ink)] px-3 py-1 font-semibold">
          {state.kind === "pending" ? "Adding…" : "Add to the media library"}
          <span className="sr-only"> : {name}</span>
        </button>
      )}
      {state.kind === "error" ? (
        <p role="alert" className="font-semibold text-[var(--accent)]">
          {state.message}
        </p>
      ) : null}
    </li>
  );
}

/**
 * The HTML half of "Import": a web page pasted into the dialog (its clipboard HTML) or an .html file
 * chosen here is read in the browser by parseHtmlStory (lib/stories/import-html.ts), shown for a
 * check with the images it offers, and imported with "Import this page".
 */
export function ImportHtmlSection({ pastedHtml, onImport }: { pastedHtml: string | null; onImport: (story: ImportedHtmlStory) => void }) {
  const id = useId();
  const [fileResult, setFileResult] = useState<HtmlImportResult | null>(null);
  const [added, setAdded] = useState<string[]>([]);
  const [featured, setFeatured] = useState<Featured | null>(null);
  const [featuredSrc, setFeaturedSrc] = useState<string | null>(null);
  const pasteResult = useMemo(() => (pastedHtml ? parseHtmlStory(pastedHtml) : null), [pastedHtml]);
  const result = fileResult ?? pasteResult;

  async function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    // The story form marks itself unsaved on any change; choosing a file is not an edit yet.
    event.stopPropagation();
    const file = event.target.files?.[0];
    if (!file) return;
    setAdded([]);
    setFeatured(null);
    setFeaturedSrc(null);
    if (file.size > HTML_IMPORT_MAX_BYTES) {
      setFileResult({ kind: "refused", message: HTML_TOO_LARGE });
      return;
    }
    const decoded = decodeHtmlFile(new Uint8Array(await file.arrayBuffer()));
    setFileResult(decoded.ok ? parseHtmlStory(decoded.html) : { kind: "refused", message: decoded.message });
  }

  const story = result?.kind === "ok" ? result.story : null;
  return (
    <div className="mt-4 border-t border-[var(--rule)] pt-3">
      <label htmlFor={`${id}-file`} className="block text-sm font-semibold">
        Import an HTML file
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".html,.htm,text/html,application/xhtml+xml"
        onChange={onFile}
        aria-describedby={result?.kind === "refused" ? `${id}-error` : undefined}
        className="mt-1 block w-full max-w-full text-sm"
      />
      {result?.kind === "refused" ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
          {result.message}
        </p>
      ) : null}
      {story ? (
        <section aria-labelledby={`${id}-found`} className="mt-3 rounded border border-[var(--rule)] p-3 text-sm">
          <h3 id={`${id}-found`} className="font-bold">
            Web page read
          </h3>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 break-words">
            <dt className="font-semibold">Headline</dt>
            <dd>{story.headline || "none found"}</dd>
            <dt className="font-semibold">Bylines</dt>
            <dd>{story.bylines.map((b) => b.name).join(", ") || "none found"}</dd>
            {story.datelinePlace ? (
              <>
                <dt className="font-semibold">Dateline</dt>
                <dd>{story.datelinePlace}</dd>
              </>
            ) : null}
            <dt className="font-semibold">Body</dt>
            <dd>{story.body.content.length} blocks</dd>
          </dl>
          {story.images.length > 0 ? (
            <>
              <h4 className="mt-2 font-semibold">Images on the page</h4>
              <ul className="mt-1">
                {story.images.map((image) => (
                  <OfferedImage
                    key={image.src}
                    image={image}
                    onAdded={(note) => setAdded((current) => [...current, note])}
                    featured={featuredSrc === image.src}
                    onFeature={(chosen) => {
                      setFeatured(chosen);
                      setFeaturedSrc(chosen ? image.src : null);
                    }}
                  />
                ))}
              </ul>
            </>
          ) : null}
          <div className="mt-3 flex justify-end">
            <button
              type="button"
              onClick={() =>
                onImport({
                  ...story,
                  featuredImage: featured,
                  notes: [...story.notes, ...added, ...(featured ? ["The added image is the featured image."] : [])],
                })
              }
              className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]"
            >
              Import this page
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
