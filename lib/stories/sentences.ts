// Sentences about stories shown to people, each written once (tests/architecture/sentences.test.ts).
// No imports: client components may use them too.

export const STORY_NOT_FOUND = "That story does not exist.";
export const OWN_STORIES_ONLY = "You can only open your own stories.";
export const STORY_VERSION_MISSING = "The story version is missing. Reload the page.";
export const EDITORS_ONLY_ONCE_SCHEDULED = "You cannot change this story now: only editors change stories that are scheduled or published.";
export const WRITE_A_HEADLINE = "Write a headline.";
export const NO_BYLINE_HERE = "There is no byline at this address.";
export const NO_TAG_HERE = "There is no tag at this address.";
export const FEATURED_IMAGE_FROM_LIBRARY = "Choose the featured image from the media library.";
export const FEATURED_IMAGE_GONE = "The featured image no longer exists in the media library: choose another or remove it.";
export const NOT_READY_TO_GO_OUT = "The story is not ready to go out: fix the problems listed.";
export const WARNINGS_NOT_SEEN = "Look at the warnings before the story goes out.";
export const WRITE_SOMETHING_FIRST = "Write something first: a draft needs a headline, a standfirst or some body text.";
export const CHOOSE_A_SECTION = "Choose a section.";
export const STORY_ID_TAKEN = "A story with this id already exists. Reload the page.";
export const KEEP_THE_SECTION = "A scheduled or published story keeps its section: choose another one instead of none.";
export const UNTITLED_STORY = "Untitled story";

// Embargoes (docs/desk.md, "Embargoes"). `until` is the time already written in the newsroom's zone.
export const EMBARGO_UNREADABLE = "Give the embargo as a valid date and time.";
export const embargoRefusesPublish = (until: string) =>
  `This story is embargoed until ${until}: it cannot be published before then. Schedule it for that time or later instead.`;
export const embargoRefusesSchedule = (until: string) =>
  `This story is embargoed until ${until}: schedule it for that time or later.`;
export const EMBARGO_ON_PUBLISHED =
  "Readers have already seen this story: an embargo can only be set before it is published. Unpublish it first if it must come down.";
export const embargoAfterSchedule = (scheduled: string) =>
  `The story is scheduled to go out ${scheduled}, before this embargo: unschedule it first, or choose an earlier embargo.`;
