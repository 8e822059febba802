import type { Metadata } from "next";
import Link from "next/link";

import { buttonClass, fieldClass } from "@/components/taxonomy/classes";
import { TaxonomyForm } from "@/components/taxonomy/taxonomy-form";
import { bylineAction } from "@/lib/actions/taxonomy";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { getBylineForDesk, listBylinesForDesk, listStaffAccounts } from "@/lib/bylines/mutations";
import { MAX_BYLINE_LINKS } from "@/lib/bylines/schemas";
import type { Role } from "@/lib/generated/prisma/enums";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { textValue } from "@/lib/http/values";
import { listMedia } from "@/lib/media/queries";
import { mediaUrl } from "@/lib/media/urls";

export const metadata: Metadata = { title: "Edit byline" };

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Photos offered: the library's newest. */
const PHOTO_CHOICES = 24;

export default async function EditBylinePage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("byline.manage", `/desk/bylines/${id}`);
  const [byline, all, accounts, media] = await refusedAsPage(
    Promise.all([getBylineForDesk(actor, id), listBylinesForDesk(actor), listStaffAccounts(actor), listMedia(actor, { limit: PHOTO_CHOICES })]),
  );
  const merged = textValue((await searchParams).merged);
  const others = all.filter((b) => b.id !== byline.id);
  const photos = media.items.map((item) => ({ id: item.id, alt: item.alt, src: item.variants[0]?.url ?? item.url }));
  if (byline.photo && !photos.some((p) => p.id === byline.photo?.id)) {
    photos.unshift({ id: byline.photo.id, alt: byline.photo.alt, src: mediaUrl(byline.photo.id, 480, byline.photo.version) });
  }
  const linkRows = [...byline.links, ...Array.from({ length: Math.max(0, MAX_BYLINE_LINKS - byline.links.length) }, () => ({ label: "", url: "" }))];
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/bylines" className="underline">
          ← All bylines
        </Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold break-words">{byline.name}</h1>
      <p className="mt-2 text-sm text-[var(--muted)]">
        Its page:{" "}
        <a href={`/byline/${byline.slug}`} className="underline">
          /byline/{byline.slug}
        </a>
        {byline.oldSlugs.length > 0 ? ` · also reached from ${byline.oldSlugs.map((s) => `/byline/${s}`).join(", ")}` : null}
      </p>
      {merged !== undefined && /^\d+$/.test(merged) ? (
        <p role="status" className="mt-3 text-sm font-semibold">
          Merged: {merged} {merged === "1" ? "story" : "stories"} moved to this byline. The old byline’s page now redirects here.
        </p>
      ) : null}

      <TaxonomyForm action={bylineAction} label="Edit byline" className="mt-6 grid max-w-2xl gap-4 text-sm">
        <input type="hidden" name="bylineId" value={byline.id} />
        <div>
          <label htmlFor="byline-name" className="block font-semibold">
            Name
          </label>
          <input id="byline-name" name="name" required maxLength={120} defaultValue={byline.name} className={fieldClass} />
        </div>
        <fieldset>
          <legend className="font-semibold">Kind</legend>
          <div className="mt-1 flex gap-4">
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="PERSON" defaultChecked={byline.kind === "PERSON"} /> Person
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="ORGANISATION" defaultChecked={byline.kind === "ORGANISATION"} /> Organisation
            </label>
          </div>
        </fieldset>
        <div>
          <label htmlFor="byline-bio" className="block font-semibold">
            Bio
          </label>
          <textarea id="byline-bio" name="bio" rows={4} maxLength={2000} defaultValue={byline.bio} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="byline-url" className="block font-semibold">
            Website
          </label>
          <input id="byline-url" name="url" type="url" defaultValue={byline.url} placeholder="https://" className={fieldClass} />
        </div>
        <fieldset>
          <legend className="font-semibold">Other links</legend>
          <p className="text-[var(--muted)]">Social accounts and the like, shown on the byline’s page. Leave a row blank to leave it out.</p>
          <div className="mt-2 grid gap-2">
            {linkRows.map((link, i) => (
              <div key={i} className="grid gap-2 sm:grid-cols-[12rem_1fr]">
                <div>
                  <label htmlFor={`link-label-${i}`} className="sr-only">
                    Link {i + 1} label
                  </label>
                  <input id={`link-label-${i}`} name={`linkLabel${i}`} defaultValue={link.label} placeholder="Label" className={fieldClass} />
                </div>
                <div>
                  <label htmlFor={`link-url-${i}`} className="sr-only">
                    Link {i + 1} address
                  </label>
                  <input id={`link-url-${i}`} name={`linkUrl${i}`} type="url" defaultValue={link.url} placeholder="https://" className={fieldClass} />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="font-semibold">Photo</legend>
          <p className="text-[var(--muted)]">From the media library, newest first. Upload new pictures in Media.</p>
          <div className="mt-2 flex flex-wrap gap-3">
            <label className="flex w-24 flex-col items-center gap-1 text-center">
              <input type="radio" name="photoId" value="" defaultChecked={!byline.photo} />
              <span className="flex h-16 w-16 items-center justify-center rounded border border-[var(--rule)]">None</span>
            </label>
            {photos.map((photo) => (
              <label key={photo.id} className="flex w-24 flex-col items-center gap-1">
                <input type="radio" name="photoId" value={photo.id} defaultChecked={byline.photo?.id === photo.id} aria-label={photo.alt || "Picture without a description"} />
                {/* eslint-disable-next-line @next/next/no-img-element -- a library image at a size the media route serves */}
                <img src={photo.src} alt="" className="h-16 w-16 rounded object-cover" />
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="byline-account" className="block font-semibold">
            Staff account
          </label>
          <select id="byline-account" name="userId" defaultValue={byline.userId ?? ""} aria-describedby="byline-account-hint" className={fieldClass}>
            <option value="">None</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.displayName} ({ROLE_LABELS[account.role as Role]})
              </option>
            ))}
          </select>
          <p id="byline-account-hint" className="mt-1 text-[var(--muted)]">
            The person this byline belongs to: their new stories carry it, and they may edit the stories it is on.
          </p>
        </div>
        <div>
          <button type="submit" name="intent" value="update" className={buttonClass}>
            Save byline
          </button>
        </div>
      </TaxonomyForm>

      <h2 className="mt-10 font-serif text-xl font-bold">Merge into another byline</h2>
      <TaxonomyForm action={bylineAction} label="Merge byline" className="mt-2 grid max-w-2xl gap-3 text-sm">
        <input type="hidden" name="bylineId" value={byline.id} />
        <p className="text-[var(--muted)]">
          For the same person under two names. Every story credited to {byline.name} is credited to the other byline instead, this
          byline is deleted, and its page redirects to the other’s. This cannot be undone.
        </p>
        <div>
          <label htmlFor="merge-target" className="block font-semibold">
            Merge into
          </label>
          <select id="merge-target" name="targetId" required defaultValue="" className={fieldClass}>
            <option value="" disabled>
              Choose a byline
            </option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name} ({other.storyCount} {other.storyCount === 1 ? "story" : "stories"})
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" name="intent" value="merge" className={buttonClass}>
            Merge {byline.name} into it
          </button>
        </div>
      </TaxonomyForm>
    </>
  );
}
