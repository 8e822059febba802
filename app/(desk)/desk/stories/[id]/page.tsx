import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { LeadToggle } from "@/components/desk/lead-toggle";
import { StoryTabs } from "@/components/desk/story-tabs";
import { StoryEditor } from "@/components/editor/story-editor";
import { StoryTitle } from "@/components/editor/story-title";
import { WireUpdateBanner } from "@/components/wire/wire-update-banner";
import { can } from "@/lib/auth/roles";
import { getActor, requirePagePermission } from "@/lib/auth/session";
import { listBylineOptions } from "@/lib/bylines/queries";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { listSectionChoices } from "@/lib/sections/queries";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { getLeadState } from "@/lib/stories/lead";
import { getStoryForEdit, storyHref } from "@/lib/stories/queries";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { UNTITLED_STORY } from "@/lib/stories/sentences";
import { isUuid } from "@/lib/validation/uuid";
import { getSiteInfo } from "@/lib/cache/reader";

// The tab shows the story's headline (and follows it after each save: StoryTitle).
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const actor = await getActor();
  const story = isUuid(id) ? await getStoryForEdit(actor, id).catch(() => null) : null;
  return { title: story ? story.headline || UNTITLED_STORY : "Edit story" };
}

interface Props {
  params: Promise<{ id: string }>;
}

// Everything the page loads is asked for as the actor, and any of it may refuse them (a moderator may
// open the desk but neither a story nor the byline list): a refusal is the 403 page, not a 500.
async function load(actor: Awaited<ReturnType<typeof requirePagePermission>>, id: string) {
  // The sections offered: those not archived, and the story's own (it may stay in an archived one).
  const storyAndSections = getStoryForEdit(actor, id).then(async (story) => [story, await listSectionChoices(story.sectionId)] as const);
  return refusedAsPage(Promise.all([storyAndSections, listBylineOptions(actor), getLeadState(actor, id)]));
}

export default async function EditStoryPage({ params }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/desk/stories/${id}`);
  if (!isUuid(id)) notFound();
  const [[[story, sections], bylines, lead], newsroomZone] = await Promise.all([load(actor, id), getNewsroomTimeZone()]);
  const site = await getSiteInfo();
  return (
    <>
      <StoryTitle initial={story.headline} fallback={UNTITLED_STORY} untitled={UNTITLED_STORY} />
      <StoryTabs storyId={story.id} current="edit" />
      <WireUpdateBanner actor={actor} storyId={story.id} />
      {lead ? (
        <div className="mb-4">
          <LeadToggle storyId={story.id} state={lead} />
        </div>
      ) : null}
      <StoryEditor
        key={story.id}
        story={{
          id: story.id,
          headline: story.headline,
          standfirst: story.standfirst,
          dateline: story.dateline,
          slug: story.slug,
          sectionId: story.sectionId ?? "",
          commentPolicy: story.commentPolicy,
          body: story.body,
          status: story.status,
          version: story.version,
          bylineIds: story.bylines.map((b) => b.id),
          tags: story.tags,
          canEdit: story.canEdit,
          actions: story.actions,
          updatedBy: story.updatedBy,
          updatedAt: story.updatedAt.toISOString(),
          publicHref: story.section ? storyHref(story.section.slug, story.slug) : null,
          scheduledFor: story.scheduledFor?.toISOString() ?? null,
          seoTitle: story.seoTitle,
          seoDescription: story.seoDescription,
          socialHeadline: story.socialHeadline,
          datelinePlace: story.datelinePlace,
          credit: story.credit,
          embargoUntil: story.embargoUntil?.toISOString() ?? "",
          heroImage: story.heroImage,
        }}
        context={{ newsroomZone, dates: await newsroomDateStyle(), siteName: site.name, siteUrl: site.url }}
        sections={sections}
        bylines={bylines}
        defaultBylineIds={[]}
        canManageBylines={can(actor.role, "byline.manage")}
        role={actor.role}
        userId={actor.id}
        userName={actor.displayName}
      />
    </>
  );
}
