import type { Metadata } from "next";
import Link from "next/link";

import { buttonClass, fieldClass } from "@/components/taxonomy/classes";
import { TaxonomyForm } from "@/components/taxonomy/taxonomy-form";
import { bylineAction } from "@/lib/actions/taxonomy";
import { requirePagePermission } from "@/lib/auth/session";
import { listBylinesForDesk } from "@/lib/bylines/mutations";

export const metadata: Metadata = { title: "Bylines" };

export default async function BylinesPage() {
  const actor = await requirePagePermission("byline.manage", "/desk/bylines");
  const bylines = await listBylinesForDesk(actor);
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Bylines</h1>
      <p className="mt-2 max-w-3xl text-sm text-[var(--muted)]">
        The people and organisations stories are credited to. Choose one to edit its name, bio, photo and links, link it to a staff
        account, or merge it into another.
      </p>

      <table className="mt-6 w-full table-fixed text-left text-sm">
        <caption className="py-2 text-left text-[var(--muted)]">
          {bylines.length} {bylines.length === 1 ? "byline" : "bylines"}, by name
        </caption>
        <thead className="border-b border-[var(--rule)]">
          <tr>
            <th scope="col" className="w-1/2 py-2 pr-3">
              Name
            </th>
            <th scope="col" className="py-2 pr-3">
              Stories
            </th>
            <th scope="col" className="hidden py-2 sm:table-cell">
              Staff account
            </th>
          </tr>
        </thead>
        <tbody>
          {bylines.map((byline) => (
            <tr key={byline.id} className="border-b border-[var(--rule)] align-top">
              <th scope="row" className="py-2 pr-3 font-normal break-words">
                <Link href={`/desk/bylines/${byline.id}`} className="font-semibold underline">
                  {byline.name}
                </Link>
                <span className="block text-[var(--muted)]">{byline.kind === "PERSON" ? "Person" : "Organisation"}</span>
              </th>
              <td className="py-2 pr-3">
                {byline.publishedCount} published of {byline.storyCount}
              </td>
              <td className="hidden py-2 break-words sm:table-cell">{byline.account?.displayName ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="mt-10 font-serif text-xl font-bold">New byline</h2>
      <TaxonomyForm action={bylineAction} label="New byline" resetOnDone className="mt-3 grid max-w-2xl gap-3 text-sm">
        <div>
          <label htmlFor="new-byline-name" className="block font-semibold">
            Name
          </label>
          <input id="new-byline-name" name="name" required maxLength={120} className={fieldClass} />
        </div>
        <fieldset>
          <legend className="font-semibold">Kind</legend>
          <div className="mt-1 flex gap-4">
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="PERSON" defaultChecked /> Person
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="ORGANISATION" /> Organisation
            </label>
          </div>
        </fieldset>
        <div>
          <label htmlFor="new-byline-bio" className="block font-semibold">
            Bio
          </label>
          <textarea id="new-byline-bio" name="bio" rows={3} maxLength={2000} className={fieldClass} />
        </div>
        <div>
          <button type="submit" name="intent" value="create" className={buttonClass}>
            Create byline
          </button>
        </div>
      </TaxonomyForm>
    </>
  );
}
