import type { Metadata } from "next";

import { MediaLibrary } from "@/components/media/media-library";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Media library" };

export default async function MediaLibraryPage() {
  await requirePagePermission("story.editOwn", "/desk/media");
  return (
    <>
      <h1 className="font-serif text-3xl font-bold">Media library</h1>
      <p className="mt-2 text-[var(--muted)]">
        Photos and graphics for stories. Readers get them in sizes to fit their screens, without the camera&rsquo;s location data.
      </p>
      <MediaLibrary />
    </>
  );
}
