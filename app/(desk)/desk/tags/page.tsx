import type { Metadata } from "next";

import { buttonClass, fieldClass } from "@/components/taxonomy/classes";
import { TaxonomyForm } from "@/components/taxonomy/taxonomy-form";
import { tagAction } from "@/lib/actions/taxonomy";
import { requirePagePermission } from "@/lib/auth/session";
import { listTagsForDesk } from "@/lib/tags/mutations";

export const metadata: Metadata = { title: "Tags" };

export default async function TagsPage() {
  const actor = await requirePagePermission("taxonomy.manage", "/desk/tags");
  const tags = await listTagsForDesk(actor);
  const byName = [...tags].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Tags</h1>
      <p className="mt-2 max-w-3xl text-sm text-[var(--muted)]">
        Tags are made in the story editor. Rename one here (its page moves, and the old address redirects), merge two that mean the
        same, or delete one from every story.
      </p>

      <h2 className="mt-8 font-serif text-xl font-bold">Merge two tags</h2>
      <TaxonomyForm action={tagAction} label="Merge tags" className="mt-2 grid max-w-2xl gap-3 text-sm sm:grid-cols-2">
        <div>
          <label htmlFor="merge-source" className="block font-semibold">
            Merge
          </label>
          <select id="merge-source" name="sourceId" required defaultValue="" className={fieldClass}>
            <option value="" disabled>
              Choose a tag
            </option>
            {byName.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name} ({tag.storyCount})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="merge-into" className="block font-semibold">
            Into
          </label>
          <select id="merge-into" name="targetId" required defaultValue="" className={fieldClass}>
            <option value="" disabled>
              Choose a tag
            </option>
            {byName.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name} ({tag.storyCount})
              </option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <button type="submit" name="intent" value="merge" className={buttonClass}>
            Merge tags
          </button>
        </div>
      </TaxonomyForm>

      <table className="mt-8 w-full table-fixed text-left text-sm">
        <caption className="py-2 text-left text-[var(--muted)]">
          {tags.length} {tags.length === 1 ? "tag" : "tags"}, most used first
        </caption>
        <thead className="border-b border-[var(--rule)]">
          <tr>
            <th scope="col" className="w-2/3 py-2 pr-3 sm:w-1/2">
              Tag
            </th>
            <th scope="col" className="py-2 pr-3">
              Stories
            </th>
            <th scope="col" className="hidden py-2 sm:table-cell">
              Delete
            </th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.id} className="border-b border-[var(--rule)] align-top">
              <td className="py-2 pr-3">
                <TaxonomyForm action={tagAction} label={`Rename ${tag.name}`} className="grid gap-1">
                  <input type="hidden" name="tagId" value={tag.id} />
                  <label htmlFor={`tag-name-${tag.id}`} className="sr-only">
                    Name of {tag.name}
                  </label>
                  <div className="flex flex-wrap gap-2">
                    <input id={`tag-name-${tag.id}`} name="name" required maxLength={60} defaultValue={tag.name} className={`${fieldClass} mt-0 min-w-0 flex-1`} />
                    <button type="submit" name="intent" value="rename" aria-label={`Rename ${tag.name}`} className={buttonClass}>
                      Rename
                    </button>
                  </div>
                  <a href={`/tag/${tag.slug}`} className="text-[var(--muted)] underline">
                    /tag/{tag.slug}
                  </a>
                </TaxonomyForm>
              </td>
              <td className="py-2 pr-3">
                {tag.publishedCount} published of {tag.storyCount}
                <div className="mt-2 sm:hidden">
                  <DeleteTag id={tag.id} name={tag.name} />
                </div>
              </td>
              <td className="hidden py-2 sm:table-cell">
                <DeleteTag id={tag.id} name={tag.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tags.length === 0 ? <p className="mt-3 text-[var(--muted)]">No tags yet: they are made in the story editor.</p> : null}
    </>
  );
}

function DeleteTag({ id, name }: { id: string; name: string }) {
  return (
    <details>
      <summary className="cursor-pointer underline">Delete…</summary>
      <TaxonomyForm action={tagAction} label={`Delete ${name}`} className="mt-2 grid gap-2">
        <input type="hidden" name="tagId" value={id} />
        <p>It comes off every story; its page answers “not found”.</p>
        <div>
          <button type="submit" name="intent" value="delete" aria-label={`Delete tag ${name} from every story`} className={buttonClass}>
            Delete tag
          </button>
        </div>
      </TaxonomyForm>
    </details>
  );
}
