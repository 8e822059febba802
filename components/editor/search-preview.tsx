// How the story will look where most readers first meet it: a search result and a social card.
// Both show what the reader page's metadata will say (lib/feeds/metadata.ts): the SEO title and
// description where set, else the headline and standfirst; the social headline on the card.

import { SEO_DESCRIPTION_TARGET, SEO_TITLE_TARGET } from "@/lib/stories/prepublish";

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

export function SearchPreview({ title, description, url, siteName }: { title: string; description: string; url: string; siteName: string }) {
  return (
    <figure className="rounded border border-[var(--rule)] p-3 text-sm" aria-labelledby="search-preview-caption">
      <figcaption id="search-preview-caption" className="mb-2 text-xs font-semibold uppercase tracking-wider text-[var(--muted)]">
        In a search result
      </figcaption>
      <p className="break-all text-xs text-[var(--muted)]">{url}</p>
      <p className="mt-0.5 text-base leading-snug text-[var(--ink)] underline" data-testid="search-preview-title">
        {cut(`${title || "Untitled story"} · ${siteName}`, SEO_TITLE_TARGET + siteName.length + 3)}
      </p>
      <p className="mt-1 text-[var(--muted)]">{description ? cut(description, SEO_DESCRIPTION_TARGET) : "No description: search engines pick text from the page."}</p>
    </figure>
  );
}

export function SocialCardPreview({ title, description, imageUrl, imageAlt, host }: { title: string; description: string; imageUrl: string | null; imageAlt: string; host: string }) {
  return (
    <figure className="overflow-hidden rounded border border-[var(--rule)] text-sm" aria-labelledby="social-preview-caption">
      <figcaption id="social-preview-caption" className="px-3 pt-2 text-xs font-semibold uppercase tracking-wider text-[var(--muted)]">
        On a social card
      </figcaption>
      <div className="m-3 overflow-hidden rounded border border-[var(--rule)]">
        {imageUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- a library image at a size the media route serves
          <img src={imageUrl} alt={imageAlt} className="aspect-[1.91/1] w-full object-cover" />
        ) : (
          <div className="flex aspect-[1.91/1] items-center justify-center bg-[var(--rule)] px-3 text-center text-xs">No featured image: a small card</div>
        )}
        <div className="p-2">
          <p className="text-xs uppercase text-[var(--muted)]">{host}</p>
          <p className="font-semibold leading-snug" data-testid="social-preview-title">
            {cut(title || "Untitled story", 90)}
          </p>
          {description ? <p className="mt-0.5 text-[var(--muted)]">{cut(description, 120)}</p> : null}
        </div>
      </div>
    </figure>
  );
}
