import type { Metadata } from "next";

import { StoryEditor } from "@/components/editor/story-editor";
import { CreatedStoryTabs, StoryTitle } from "@/components/editor/story-title";
import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { listBylineOptions } from "@/lib/bylines/queries";
import { listSectionChoices } from "@/lib/sections/queries";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { UNTITLED_STORY } from "@/lib/stories/sentences";
import { getSiteInfo } from "@/lib/cache/reader";

export const metadata: Metadata = { title: "New story" };

export default async function NewStoryPage() {
  const actor = await requirePagePermission("story.create", "/desk/stories/new");
  const [sections, bylines, newsroomZone] = await Promise.all([listSectionChoices(), listBylineOptions(actor), getNewsroomTimeZone()]);
  const site = await getSiteInfo();
  return (
    <>
      <StoryTitle initial={null} fallback="New story" untitled={UNTITLED_STORY} />
      <CreatedStoryTabs />
      <StoryEditor
        story={null}
        sections={sections}
        bylines={bylines}
        defaultBylineIds={actor.bylineId ? [actor.bylineId] : []}
        canManageBylines={can(actor.role, "byline.manage")}
        role={actor.role}
        userId={actor.id}
        userName={actor.displayName}
        context={{ newsroomZone, dates: await newsroomDateStyle(), siteName: site.name, siteUrl: site.url }}
      />
    </>
  );
}
