import type { Metadata } from "next";
import Link from "next/link";

import { buttonClass, fieldClass } from "@/components/taxonomy/classes";
import { TaxonomyForm } from "@/components/taxonomy/taxonomy-form";
import { sectionAction } from "@/lib/actions/taxonomy";
import { requirePagePermission } from "@/lib/auth/session";
import { listSectionsForDesk } from "@/lib/sections/mutations";
import { MAX_SECTION_DESCRIPTION_LENGTH, MAX_SECTION_NAME_LENGTH } from "@/lib/sections/schemas";

export const metadata: Metadata = { title: "Sections" };

export default async function SectionsPage() {
  const actor = await requirePagePermission("taxonomy.manage", "/desk/sections");
  const sections = await listSectionsForDesk(actor);
  const active = sections.filter((s) => !s.archivedAt);
  const archived = sections.filter((s) => s.archivedAt);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Sections</h1>
      <p className="mt-2 max-w-3xl text-sm text-[var(--muted)]">
        The site’s navigation shows these sections in this order. Renaming a section’s slug moves its front and feeds; the old address
        keeps answering with a redirect. An archived section leaves the navigation and cannot be chosen for new stories; its stories
        stay where they are.
      </p>

      <h2 className="mt-8 font-serif text-xl font-bold">In the navigation</h2>
      <ol className="mt-3 divide-y divide-[var(--rule)] border-y border-[var(--rule)]">
        {active.map((section, index) => (
          <li key={section.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-semibold">
                <Link href={`/desk/sections/${section.id}`} className="underline">
                  {section.name}
                </Link>{" "}
                <span className="font-normal text-[var(--muted)]">
                  <a href={`/${section.slug}`} className="underline">/{section.slug}</a> · {section.publishedCount} published of {section.storyCount}{" "}
                  {section.storyCount === 1 ? "story" : "stories"}
                </span>
              </p>
              {section.description ? <p className="mt-1 break-words text-sm text-[var(--muted)]">{section.description}</p> : null}
            </div>
            <TaxonomyForm action={sectionAction} label={`Order of ${section.name}`} className="flex flex-wrap items-center gap-2 text-sm">
              <input type="hidden" name="sectionId" value={section.id} />
              <button type="submit" name="intent" value="up" disabled={index === 0} className={buttonClass}>
                Move up<span className="sr-only">: {section.name}</span>
              </button>
              <button type="submit" name="intent" value="down" disabled={index === active.length - 1} className={buttonClass}>
                Move down<span className="sr-only">: {section.name}</span>
              </button>
            </TaxonomyForm>
          </li>
        ))}
      </ol>
      {active.length === 0 ? <p className="mt-3 text-[var(--muted)]">No sections in the navigation yet.</p> : null}

      <h2 className="mt-10 font-serif text-xl font-bold">New section</h2>
      <TaxonomyForm action={sectionAction} label="New section" resetOnDone className="mt-3 grid max-w-2xl gap-3 text-sm">
        <div>
          <label htmlFor="new-section-name" className="block font-semibold">
            Name
          </label>
          <input id="new-section-name" name="name" required maxLength={MAX_SECTION_NAME_LENGTH} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="new-section-slug" className="block font-semibold">
            Slug
          </label>
          <input id="new-section-slug" name="slug" aria-describedby="new-section-slug-hint" className={fieldClass} />
          <p id="new-section-slug-hint" className="mt-1 text-[var(--muted)]">
            Its address, as in /world. Leave it blank to make it from the name.
          </p>
        </div>
        <div>
          <label htmlFor="new-section-description" className="block font-semibold">
            Description
          </label>
          <textarea id="new-section-description" name="description" rows={2} maxLength={MAX_SECTION_DESCRIPTION_LENGTH} aria-describedby="new-section-description-hint" className={fieldClass} />
          <p id="new-section-description-hint" className="mt-1 text-[var(--muted)]">
            Shown on the section’s front and in its feeds.
          </p>
        </div>
        <div>
          <button type="submit" name="intent" value="create" className={buttonClass}>
            Create section
          </button>
        </div>
      </TaxonomyForm>

      {archived.length > 0 ? (
        <>
          <h2 className="mt-10 font-serif text-xl font-bold">Archived</h2>
          <ul className="mt-3 divide-y divide-[var(--rule)] border-y border-[var(--rule)]">
            {archived.map((section) => (
              <li key={section.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <p className="min-w-0 flex-1">
                  <Link href={`/desk/sections/${section.id}`} className="font-semibold underline">
                    {section.name}
                  </Link>{" "}
                  <span className="text-sm text-[var(--muted)]">
                    /{section.slug} · {section.storyCount} {section.storyCount === 1 ? "story" : "stories"}
                  </span>
                </p>
                <TaxonomyForm action={sectionAction} label={`Restore ${section.name}`} className="text-sm">
                  <input type="hidden" name="sectionId" value={section.id} />
                  <button type="submit" name="intent" value="restore" className={buttonClass}>
                    Restore
                  </button>
                </TaxonomyForm>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
