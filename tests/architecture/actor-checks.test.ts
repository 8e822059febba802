// Every exported lib/ function that reads the database takes the acting person and checks what they
// may do itself (docs/architecture.md, "Layers"): a page or a server action is not a security
// boundary. The exceptions are listed below, each with the reason it needs no actor: reads of what
// readers may see anyway, the machinery of signing in (which runs before there is an actor), and
// helpers that run inside a caller's transaction after the caller checked.

import ts from "typescript";
import { describe, expect, it } from "vitest";

import { exportedFunctions, identifiersIn, importsOf, isDatabaseImport, parse, sourceFiles, topLevelFunctions } from "./sources";

/**
 * What a function may use to reach the database, directly; the leased-queue kit's claim and
 * outcome (lib/queue/claims.ts) count too, so the queues built on it stay on the list below.
 */
const DATABASE_NAMES = new Set(["db", "getDb", "getPool", "getReaderPool", "readerDb", "claimDue", "recordOutcome"]);

const PUBLIC = "public: only what readers see on the site";
const SIGN_IN = "signing in and sessions: runs before there is an actor, for the person signing in";
const AFTER_CHECK = "called by lib/ after its caller checked, with the caller's ids";

const NO_ACTOR: Readonly<Record<string, string>> = {
  // Reader site, feeds and search: published stories, sections, bylines and tags, visible comments.
  "lib/stories/queries.ts listLatestStories": PUBLIC,
  "lib/stories/queries.ts getPublishedStory": PUBLIC,
  "lib/stories/story-page.ts getStoryPage": PUBLIC,
  "lib/stories/listing.ts getFrontPage": PUBLIC,
  "lib/stories/listing.ts listSectionStories": PUBLIC,
  "lib/stories/listing.ts getBylinePage": PUBLIC,
  "lib/stories/listing.ts getTagPage": PUBLIC,
  "lib/stories/listing.ts listRelatedStories": PUBLIC,
  "lib/stories/listing.ts listStoryTags": PUBLIC,
  "lib/sections/queries.ts listSections": PUBLIC,
  "lib/sections/queries.ts getSectionBySlug": PUBLIC,
  "lib/sections/queries.ts listSectionChoices": "public: section names readers see; the desk's story editor offers them",
  "lib/sections/queries.ts findRenamedSection": PUBLIC,
  "lib/bylines/queries.ts findMergedByline": PUBLIC,
  "lib/tags/queries.ts findRenamedTag": PUBLIC,
  "lib/feeds/queries.ts listFeedStories": PUBLIC,
  "lib/feeds/queries.ts getDiscoveryStory": PUBLIC,
  "lib/feeds/queries.ts listSitemapFileIds": PUBLIC,
  "lib/feeds/queries.ts listSitemapStories": PUBLIC,
  "lib/feeds/queries.ts listSitemapPages": PUBLIC,
  "lib/feeds/queries.ts listNewsSitemapStories": PUBLIC,
  "lib/search/queries.ts searchStories": PUBLIC,
  "lib/search/queries.ts explainSearch": "the search statement's plan, for the benchmark (scripts/bench/search-explain.ts); no rows",
  "lib/corrections/queries.ts listCorrections": PUBLIC,
  "lib/comments/queries.ts getCommentThread": `${PUBLIC} (a viewer's own held comments only with their id)`,
  "lib/comments/queries.ts getStoryCommentPolicy": PUBLIC,
  "lib/comments/queries.ts getStoryComments": PUBLIC,
  "lib/comments/queries.ts getStoryCommentPreview": PUBLIC,
  "lib/comments/queries.ts findDiscussion": "public: the discussion page of a published story, for a comment or story id",
  // The Content API: what readers see, to whoever holds a key (checked by lib/content-api/http.ts first).
  "lib/content-api/queries.ts listApiStories": PUBLIC,
  "lib/content-api/queries.ts getApiStory": PUBLIC,
  "lib/content-api/queries.ts listApiSections": PUBLIC,
  "lib/content-api/queries.ts listApiBylines": PUBLIC,
  "lib/content-api/queries.ts listApiTags": PUBLIC,
  "lib/content-api/queries.ts listApiCorrections": PUBLIC,
  "lib/media/queries.ts getMediaSizes": "public: the sizes of images a published story shows",
  "lib/media/queries.ts readMediaFile": "public: /media/<id>/<width> serves any stored image to whoever has its id",
  "lib/media/queries.ts openMediaFile": "public: /media/<id>/<width> serves any stored image to whoever has its id",

  // Signing up, signing in and sessions.
  "lib/auth/sessions.ts startSession": SIGN_IN,
  "lib/api-keys/authenticate.ts authenticateApiRequest": "an API key's check: runs before there is an actor, and makes the integration's",
  "lib/api-keys/authenticate.ts flushApiKeyUsage": "adds the requests of keys already checked to their shared counts; no one's data",
  "lib/auth/sessions.ts revokeSession": `${SIGN_IN} (signing out)`,
  "lib/auth/sign-in.ts authenticate": SIGN_IN,
  "lib/auth/sign-in.ts completeSecondFactor": SIGN_IN,
  "lib/auth/two-factor.ts spendSecondFactor": SIGN_IN,
  "lib/auth/two-factor.ts hasTwoFactor": SIGN_IN,
  "lib/accounts/signup.ts signUpReader": "signing up: there is no account yet",
  "lib/accounts/email-block.ts findEmailBlock": "signing up: whether the address given may sign up",

  // After the caller's own check, or no one's data.
  "lib/comments/settings.ts cachedCommentSettings": `${AFTER_CHECK}: posting, editing and reporting a comment`,
  "lib/time-zone.ts getNewsroomTimeZone": "no one's data: the newsroom's time zone, a site setting every desk page shows times in",
  "lib/settings/site.ts readSiteSettings": "public: the site's name, description, logo, locale and social accounts, shown on every reader page",
  "lib/settings/dates.ts readDateStyle": "public: the site's locale and the newsroom's time zone, how every date on every page is written",
  "lib/cache/invalidate.ts invalidateReaderCache": "writes invalidations, reads nothing",
  "lib/cache/invalidate.ts loadStoryPlacement": `${AFTER_CHECK}: where a story changed by a mutation sits, to refresh its pages`,
  "lib/cache/invalidate.ts invalidateReaderPages": "writes invalidations and requests reader pages, reads nothing",
  "lib/cache/invalidate.ts invalidateStoryChange": `${AFTER_CHECK}: refreshes the pages of a story a mutation changed`,
  "lib/cache/invalidate.ts invalidateStoriesShowingMedia": `${AFTER_CHECK}: refreshes the pages of the stories showing an image a mutation changed`,
  "lib/collab/server.ts createCollabServer": "the co-editing server: checks each connection's session and story permissions itself (onAuthenticate, the re-check)",
  "lib/collab/store.ts loadLiveState": "co-editing: called by the co-editing server after it checked the connection",
  "lib/collab/store.ts readLiveUpdates": "co-editing: the relay between instances; sends only to connections already checked",
  "lib/collab/store.ts flushLiveStory": "co-editing: writes what checked connections stored; also run by saveStory and changeStoryStatus after their checks",
  "lib/collab/store.ts isLiveStory": "co-editing: whether a story has a live document; called after the caller's check",
  "lib/collab/store.ts pushIntoLiveStory": "co-editing: called by saveStory after its own check",
  "lib/stories/scheduler.ts publishDueStories": "the scheduler: publishes what editors scheduled; no person acts",
  "lib/stories/scheduler.ts startScheduler": "the scheduler: publishes what editors scheduled; no person acts",
  "lib/stories/scheduler.ts refreshEmbargoLifts": "the scheduler: refreshes the pages of stories whose embargo lifted; no person acts",
  // Email (issue 15).
  "lib/accounts/password-reset.ts requestPasswordReset": "forgot password: nobody is signed in; rate limited, same answer for every email",
  "lib/accounts/password-reset.ts isResetLinkLive": "the reset link is the proof: its token, not an actor",
  "lib/accounts/password-reset.ts resetPassword": "the reset link is the proof: its token, not an actor",
  "lib/accounts/confirm-email.ts confirmEmail": "the confirmation link is the proof: its token, not an actor",
  "lib/email/notifications.ts unsubscribe": "one-click unsubscribe: the signed token is the proof, no sign-in",
  "lib/email/notifications.ts notifyReplyPosted": "after postComment, which checked the author",
  "lib/email/sender.ts sendDueEmails": "the email sender: delivers what events queued; no person acts",
  "lib/email/sender.ts startEmailSender": "the email sender: delivers what events queued; no person acts",
  "lib/cache/fill.ts startReaderFill": "the background fill: requests published pages from the app itself; no person acts",
  "lib/webhooks/delivery.ts deliverDueWebhooks": "the webhook worker: sends what admins' webhooks asked for; no person acts",
  "lib/webhooks/delivery.ts startWebhookDelivery": "the webhook worker: sends what admins' webhooks asked for; no person acts",
  "lib/queue/claims.ts claimDue": "the leased-queue kit: claims due rows for a background worker (the email sender, the webhook worker); no person acts",
  "lib/queue/claims.ts recordOutcome": "the leased-queue kit: writes a background worker's outcome for a row it claimed; no person acts",
  "lib/db.ts getDb": "the database itself",
  "lib/db.ts withReaderReads": "the database itself: where reader reads go (a read replica); the reads it runs check their callers",
  "lib/db.ts getReaderPool": "the database itself: the pool reader reads use",
  "lib/db.ts readerDb": "the database itself: the client reader reads use",
  // The wire queue (issue 16, docs/wire.md): an ingest key is the credential, not a person.
  "lib/wire/ingest.ts authenticateWireSource": "a wire source's ingest key check: runs before there is anyone, and names the source",
  "lib/wire/ingest.ts listActiveWireSources": "the watched folder: which sources' folders to look in; no person acts",
  "lib/wire/ingest.ts storeWireCopy": "after the source's key (or its folder) was checked: stores the agency's item",
  "lib/wire/ingest.ts ingestWireText": "after the source's key (or its folder) was checked: stores the agency's item",
};

/** Exported functions that reach the database, directly or through a function of their own module. */
function databaseEntryPoints(file: string): Array<{ name: string; parameters: ts.NodeArray<ts.ParameterDeclaration> }> {
  const source = parse(file);
  const local = topLevelFunctions(source);
  const reaches = new Map<string, boolean>();
  const reachesDatabase = (name: string, seen: Set<string>): boolean => {
    const known = reaches.get(name);
    if (known !== undefined) return known;
    const body = local.get(name);
    if (!body || seen.has(name)) return false;
    seen.add(name);
    const names = identifiersIn(body);
    const result = [...names].some((used) => DATABASE_NAMES.has(used) || (used !== name && local.has(used) && reachesDatabase(used, seen)));
    reaches.set(name, result);
    return result;
  };
  return exportedFunctions(source).filter((fn) => {
    // A function that takes the caller's transaction or client runs inside the caller's work.
    const first = fn.parameters[0];
    if (first?.type && /\b(Tx|Client|Queryable|pg\.Pool|pg\.PoolClient)\b/.test(first.type.getText(source))) return false;
    if (fn.parameters.some((parameter) => parameter.type && /\b(Tx|Client|Queryable)\b/.test(parameter.type.getText(source)))) return false;
    return reachesDatabase(fn.name, new Set());
  });
}

const ACTOR_PARAMETER = /^(actor|viewer|admin|moderator|editor|person)$/;

describe("exported lib/ functions that read the database take the actor", () => {
  // Test factories build rows for tests; nothing in the product imports them.
  const modules = sourceFiles("lib").filter((file) => file.endsWith(".ts") && !file.endsWith("/test-factories.ts") && importsOf(parse(file)).some((entry) => isDatabaseImport(entry.specifier)));
  const entryPoints = modules.flatMap((file) => databaseEntryPoints(file).map((fn) => ({ key: `${file} ${fn.name}`, ...fn })));

  it("finds the functions that read the database", () => {
    expect(entryPoints.map((fn) => fn.key)).toEqual(expect.arrayContaining(["lib/stories/queries.ts getPublishedStory", "lib/moderation/queries.ts listModerationQueue"]));
  });

  it("has an actor parameter on each, or a reason on the list", () => {
    const missing = entryPoints
      .filter((fn) => !fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && ACTOR_PARAMETER.test(parameter.name.text)))
      .map((fn) => fn.key)
      .filter((key) => !Object.hasOwn(NO_ACTOR, key));
    expect(missing).toEqual([]);
  });

  it("keeps its list of exceptions true: each is an exported function without an actor that reads the database", () => {
    const keys = new Set(entryPoints.map((fn) => fn.key));
    expect(Object.keys(NO_ACTOR).filter((key) => !keys.has(key))).toEqual([]);
  });
});
