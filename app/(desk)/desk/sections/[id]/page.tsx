import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { buttonClass, fieldClass } from "@/components/taxonomy/classes";
import { TaxonomyForm } from "@/components/taxonomy/taxonomy-form";
import { sectionAction } from "@/lib/actions/taxonomy";
import { requirePagePermission } from "@/lib/auth/session";
import { listSectionsForDesk } from "@/lib/sections/mutations";
import { MAX_SECTION_DESCRIPTION_LENGTH, MAX_SECTION_NAME_LENGTH } from "@/lib/sections/schemas";

export const metadata: Metadata = { title: "Edit section" };

interface Props {
  params: Promise<{ id: string }>;
}

export default async function EditSectionPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("taxonomy.manage", `/desk/sections/${id}`);
  const section = (await listSectionsForDesk(actor)).find((s) => s.id === id);
  if (!section) notFound();
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/sections" className="underline">
          ← All sections
        </Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold break-words">{section.name}</h1>
      <p className="mt-2 text-sm text-[var(--muted)]">
        {section.archivedAt ? "Archived: not in the navigation. " : null}
        {section.publishedCount} published of {section.storyCount} {section.storyCount === 1 ? "story" : "stories"} ·{" "}
        <a href={`/${section.slug}`} className="underline">
          Open /{section.slug}
        </a>
      </p>

      <TaxonomyForm action={sectionAction} label="Edit section" className="mt-6 grid max-w-2xl gap-3 text-sm">
        <input type="hidden" name="sectionId" value={section.id} />
        <div>
          <label htmlFor="section-name" className="block font-semibold">
            Name
          </label>
          <input id="section-name" name="name" required maxLength={MAX_SECTION_NAME_LENGTH} defaultValue={section.name} className={fieldClass} />
        </div>
        <div>
          <label htmlFor="section-slug" className="block font-semibold">
            Slug
          </label>
          <input id="section-slug" name="slug" required defaultValue={section.slug} aria-describedby="section-slug-hint" className={fieldClass} />
          <p id="section-slug-hint" className="mt-1 text-[var(--muted)]">
            Its address. A new slug moves the front, its pages and feeds; the old address redirects to the new one.
          </p>
        </div>
        <div>
          <label htmlFor="section-description" className="block font-semibold">
            Description
          </label>
          <textarea id="section-description" name="description" rows={3} maxLength={MAX_SECTION_DESCRIPTION_LENGTH} defaultValue={section.description} className={fieldClass} />
        </div>
        <div>
          <button type="submit" name="intent" value="update" className={buttonClass}>
            Save section
          </button>
        </div>
      </TaxonomyForm>

      {section.oldSlugs.length > 0 ? (
        <>
          <h2 className="mt-8 font-serif text-xl font-bold">Old addresses</h2>
          <p className="mt-1 text-sm text-[var(--muted)]">Each redirects to /{section.slug}.</p>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {section.oldSlugs.map((slug) => (
              <li key={slug}>/{slug}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="mt-8 font-serif text-xl font-bold">{section.archivedAt ? "Restore" : "Archive"}</h2>
      <TaxonomyForm action={sectionAction} label={section.archivedAt ? "Restore section" : "Archive section"} className="mt-2 grid max-w-2xl gap-2 text-sm">
        <input type="hidden" name="sectionId" value={section.id} />
        <p className="text-[var(--muted)]">
          {section.archivedAt
            ? "Restoring puts it back at the end of the navigation and lets new stories choose it."
            : "Archiving takes it out of the navigation and the front page, and new stories cannot choose it. Its front, feeds and stories stay where they are."}
        </p>
        <div>
          <button type="submit" name="intent" value={section.archivedAt ? "restore" : "archive"} className={buttonClass}>
            {section.archivedAt ? "Restore section" : "Archive section"}
          </button>
        </div>
      </TaxonomyForm>
    </>
  );
}
