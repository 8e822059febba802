// The authorization table: every server action (each export of a "use server" module; they all
// live in lib/actions/) and every route handler (each HTTP method exported by an app/**/route.ts), with who may
// call it and how to make one valid call. authz.integration.test.ts finds the actions and handlers
// itself and fails, naming it, on any that has no entry here; then it makes each call as every role
// of lib/auth/roles.ts and as nobody, against the real database, and checks that whoever may not
// is refused (UNAUTHENTICATED signed out, FORBIDDEN signed in) with nothing changed, and that
// whoever may succeeds and changes what the probe reads. docs/security.md, "Authorization matrix",
// says how to add an entry.
//
// Fixtures belong to the caller wherever ownership counts (their own draft, their own comment,
// their own upload), so that only the permission can refuse them; the "someone else's" cases check
// the permission that reaches past ownership (story.editAny).

import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { encode } from "next-auth/jwt";
import sharp from "sharp";

import { addCorrectionAction } from "@/lib/actions/corrections";
import { addNoteAction, loadStoryNotesAction, replyToNoteAction, setNoteResolvedAction } from "@/lib/actions/notes";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/actions/api-keys";
import * as adminMediaApi from "@/app/api/admin/v1/media/route";
import * as adminStoryApi from "@/app/api/admin/v1/stories/[id]/route";
import * as adminStoryStatusApi from "@/app/api/admin/v1/stories/[id]/status/route";
import * as adminStoriesApi from "@/app/api/admin/v1/stories/route";
import * as contentBylines from "@/app/api/content/v1/bylines/route";
import * as contentCorrections from "@/app/api/content/v1/corrections/route";
import * as contentOpenApi from "@/app/api/content/v1/openapi.json/route";
import * as contentSections from "@/app/api/content/v1/sections/route";
import * as contentStory from "@/app/api/content/v1/stories/[idOrSlug]/route";
import * as contentStories from "@/app/api/content/v1/stories/route";
import * as contentTags from "@/app/api/content/v1/tags/route";
import * as wireItemsApi from "@/app/api/wire/v1/items/route";
import { createWireSourceAction, openWireItemAction, revokeWireSourceAction } from "@/lib/actions/wire";
import { createWireSource } from "@/lib/wire/mutations";
import { createApiKey } from "@/lib/api-keys/mutations";
import { restoreRevisionAction } from "@/lib/actions/revisions";
import { toggleLeadAction } from "@/lib/actions/lead";
import { importRemoteImageAction, updateMediaCropAction, updateMediaDetailsAction } from "@/lib/actions/media";
import { moderateAction } from "@/lib/actions/moderation";
import { personAction } from "@/lib/actions/people";
import { createWebhookAction, rotateWebhookSecretAction, updateWebhookAction, webhookAction } from "@/lib/actions/webhooks";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import {
  renderAllAgainAction,
  saveCommentSettingsAction,
  saveNewsroomTimeZoneAction,
  saveSectionCommentRulesAction,
  saveSignInSettingsAction,
  saveSiteSettingsAction,
} from "@/lib/actions/settings";
import {
  changeStoryStatusAction,
  createBylineAction,
  createStoryAction,
  leavePresenceAction,
  loadSavedStoryAction,
  saveStoryAction,
  touchPresenceAction,
} from "@/lib/actions/stories";
import { deleteCommentAction, editCommentAction, postCommentAction, reportCommentAction } from "@/lib/actions/comments";
import {
  beginTwoFactorAction,
  changePasswordAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  endOtherSessionsAction,
  endSessionAction,
} from "@/lib/actions/account-security";
import * as sectionAtom from "@/app/(site)/[section]/atom.xml/route";
import * as sectionRss from "@/app/(site)/[section]/rss.xml/route";
import * as storyPage from "@/app/(site)/[section]/[slug]/route";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import * as mediaApi from "@/app/api/media/route";
import * as commentsApi from "@/app/api/stories/[id]/comments/route";
import * as siteAtom from "@/app/atom.xml/route";
import * as mediaFile from "@/app/media/[id]/[width]/route";
import * as newsSitemap from "@/app/news-sitemap.xml/route";
import * as siteRss from "@/app/rss.xml/route";
import * as sitemapFile from "@/app/sitemap/[file]/route";
import * as sitemapIndex from "@/app/sitemap.xml/route";
import { deleteAccountAction, signUpAction } from "@/lib/actions/accounts";
import {
  confirmEmailAction,
  requestPasswordResetAction,
  resendConfirmationAction,
  resetPasswordAction,
  saveEmailConfirmationSettingAction,
  saveEmailPreferencesAction,
  unsubscribeAction,
} from "@/lib/actions/email";
import * as oneClickUnsubscribe from "@/app/(site)/account/unsubscribe/one-click/route";
import { unsubscribeToken } from "@/lib/email/notifications";
import { issueToken } from "@/lib/email/tokens";
import { bylineAction, sectionAction, tagAction } from "@/lib/actions/taxonomy";
import { signInAction, signOutAction } from "@/lib/actions/sign-in";
import { startSession } from "@/lib/auth/sessions";
import { newTotpSecret, totpCode } from "@/lib/auth/totp";
import { beginTwoFactorEnrolment, confirmTwoFactorEnrolment } from "@/lib/auth/two-factor";
import { cachedCommentSettings, dropCommentSettingsCache } from "@/lib/comments/settings";
import { readStoredSiteSettings, toFormValues } from "@/lib/settings/schemas";
import { SITE_SETTINGS_KEY } from "@/lib/settings/site";
import { db } from "@/lib/db";
import { uploadImage } from "@/lib/media/mutations";
import { SYSTEM_DEPS, isPublicAddress, setRemoteImageDepsForTests, type RemoteImageDeps } from "@/lib/media/remote";
import { makeComment } from "@/lib/moderation/test-factories";
import { doc, makeActor, makeByline, makeSection, makeStory, makeUser, TEST_PASSWORD, unique } from "@/tests/integration/factories";

import { form, routeParams, routeRequest, SESSION_COOKIE, type Access, type TestPerson } from "./authz-support";
import { requestContext } from "./request-context";

export interface AuthzCase<A = unknown> {
  /** What this call does, when an action or handler has more than one case. */
  name?: string;
  access: Access;
  /** Makes what one valid call needs, for this caller (null: signed out). */
  arrange(person: TestPerson | null): Promise<A>;
  /** Makes the call (the request carries the caller's session cookie already). */
  call(arranged: A, person: TestPerson | null): Promise<unknown>;
  /**
   * Reads what the call would change (row counts, the target record): the same before and after a
   * refusal, different after an allowed call. "read-only" for a call that changes nothing.
   */
  probe: ((arranged: A, person: TestPerson | null) => Promise<unknown>) | "read-only";
}

let imageSite: Promise<RemoteImageDeps> | undefined;

/** images.test, served from a local server: the address checks run as in production, only the connection goes here. */
function localImageSite(): Promise<RemoteImageDeps> {
  imageSite ??= (async () => {
    // A picture of its own for each request: the library offers back a file it already has.
    const server = http.createServer((_request, response) => {
      void tinyPng().then((png) => {
        response.writeHead(200, { "content-type": "image/png" });
        response.end(png);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    server.unref();
    const { port } = server.address() as AddressInfo;
    return {
      resolve: async () => ["93.184.216.34"],
      isAllowedAddress: isPublicAddress,
      get: (_url, _address, signal) => SYSTEM_DEPS.get(new URL(`http://127.0.0.1:${port}/pic.png`), "127.0.0.1", signal),
    };
  })();
  return imageSite;
}

/** Keeps each case's fixture type checked while the table holds them side by side. */
function check<A>(entry: AuthzCase<A>): AuthzCase {
  return entry as unknown as AuthzCase;
}

/** Module (path from the repository root) → export name → one case, or several. */
export type AuthzTable = Record<string, Record<string, AuthzCase | AuthzCase[]>>;

// ── Fixtures ───────────────────────────────────────────────────────────

const EDIT = { can: ["desk.open", "story.editOwn"] } as const satisfies Access;

async function matrixWireSource() {
  return createWireSource(await makeActor("ADMIN"), { name: unique("Matrix wire source"), credit: "Matrix" });
}

async function draftOf(createdById: string | null) {
  return makeStory({ createdById: createdById ?? undefined });
}

/** A note on a draft of `createdById`, by an editor. */
async function noteOn(createdById: string | null) {
  const story = await draftOf(createdById);
  const editor = await makeUser("EDITOR");
  return db.storyNote.create({
    data: { id: crypto.randomUUID(), storyId: story.id, authorId: editor.id, quote: "council", messages: { create: { authorId: editor.id, text: "Which council?" } } },
    select: { id: true },
  });
}

async function publishedStory() {
  return makeStory({ status: "PUBLISHED" });
}

async function storyInput(sectionId: string) {
  return { headline: unique("Matrix headline"), sectionId, bylineIds: [(await makeByline()).id], body: doc("The council met on Tuesday.") };
}

/**
 * A webhook for the matrix's calls: its URL never answers (port 9, discard) and it asks for an
 * event nothing in the matrix makes; deliveries queued by "send a test" fail and are retried, harmlessly.
 */
async function matrixWebhook() {
  return db.webhook.create({ data: { url: "http://127.0.0.1:9/matrix", events: ["story.deleted"], secretSealed: "v1.none.none.none.none" }, select: { id: true } });
}

const storyState = (id: string) =>
  db.story.findUniqueOrThrow({
    where: { id },
    select: { headline: true, status: true, version: true, pinnedAt: true, commentPolicy: true, commentsClosedAt: true },
  });

/** An approved comment on a published story, by `authorId` (a new reader when null). */
async function approvedComment(authorId: string | null) {
  const story = await publishedStory();
  const comment = await makeComment({ storyId: story.id, authorId: authorId ?? (await makeUser("READER")).id, status: "APPROVED" });
  return { story, comment };
}

const commentState = (id: string) =>
  db.comment.findUniqueOrThrow({ where: { id }, select: { body: true, status: true, deletedAt: true, reportCount: true, _count: { select: { reports: true } } } });

async function mediaRow(uploadedById: string | null) {
  return db.media.create({
    data: { storageKey: `${unique("matrix")}/original.png`, mimeType: "image/png", width: 4, height: 4, bytes: 100, alt: "Before", uploadedById },
    select: { id: true },
  });
}

const mediaState = (id: string) => db.media.findUniqueOrThrow({ where: { id }, select: { alt: true, caption: true, credit: true } });

/** A PNG sharp can read, for uploads. */
async function tinyPng(): Promise<Uint8Array> {
  // A colour of its own each time: the library offers an earlier upload of the same file instead.
  const channel = () => Math.floor(Math.random() * 256);
  return new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: channel(), g: channel(), b: channel() } } }).png().toBuffer());
}

/** A story of `createdById` with an earlier revision whose headline differs from today's. */
async function storyWithRevision(createdById: string | null) {
  const story = await draftOf(createdById);
  const current = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { slug: true, sectionId: true, body: true, bodyText: true } });
  const revision = await db.storyRevision.create({
    data: {
      storyId: story.id,
      version: story.version,
      kind: "SAVE",
      headline: unique("Earlier headline"),
      standfirst: "",
      dateline: "",
      slug: current.slug,
      sectionId: current.sectionId,
      body: current.body as object,
      bodyText: current.bodyText,
      bylines: [],
    },
    select: { id: true },
  });
  return { story, revisionId: revision.id };
}

const userState = (id: string) => db.user.findUnique({ where: { id }, select: { role: true, status: true, statusReason: true, lastSignInAt: true } });

const liveSessions = (userId: string) => db.session.count({ where: { userId, revokedAt: null } });

const sessionCookieWrites = () => requestContext.cookieWrites.filter((write) => write.name.endsWith(SESSION_COOKIE)).map((write) => write.value === "");

const idle = { attempt: 0, status: "idle" } as const;

function keyRequest(person: TestPerson | null, key: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
  return routeRequest(person, path, { ...init, headers: { ...init.headers, authorization: `Bearer ${key}` } });
}

async function apiKeyOf(role: "READER" | "EDITOR") {
  return (await createApiKey(await makeActor("ADMIN"), { name: unique("Matrix key"), role })).secret;
}

function apiRoutes(): AuthzTable {
  const read = (path: string, handler: (request: ReturnType<typeof routeRequest>, context: never) => Promise<Response> | Response, params?: Record<string, string>) =>
    check({
      access: "public",
      arrange: () => apiKeyOf("READER"),
      call: (key: string, person) => (handler as (r: unknown, c: unknown) => Promise<Response>)(keyRequest(person, key, path), params ? routeParams(params) : undefined),
      probe: "read-only",
    });
  return {
    "app/api/content/v1/stories/route.ts": { GET: read("/api/content/v1/stories?limit=1", contentStories.GET as never) },
    "app/api/content/v1/stories/[idOrSlug]/route.ts": {
      GET: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("READER"), story: await publishedStory() }),
        call: ({ key, story }, person) => contentStory.GET(keyRequest(person, key, `/api/content/v1/stories/${story.id}`), routeParams({ idOrSlug: story.id })),
        probe: "read-only",
      }),
    },
    "app/api/content/v1/sections/route.ts": { GET: read("/api/content/v1/sections", contentSections.GET as never) },
    "app/api/content/v1/bylines/route.ts": { GET: read("/api/content/v1/bylines?limit=1", contentBylines.GET as never) },
    "app/api/content/v1/tags/route.ts": { GET: read("/api/content/v1/tags?limit=1", contentTags.GET as never) },
    "app/api/content/v1/corrections/route.ts": { GET: read("/api/content/v1/corrections?limit=1", contentCorrections.GET as never) },
    "app/api/wire/v1/items/route.ts": {
      // The ingest key is the credential (docs/wire.md): whoever holds it may send, signed in or not.
      POST: check({
        access: "public",
        arrange: async () => ({ source: await matrixWireSource(), guid: unique("urn:matrix:wire") }),
        call: ({ source, guid }, person) =>
          wireItemsApi.POST(
            keyRequest(person, source.secret, "/api/wire/v1/items", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ uri: guid, type: "text", headline: "Matrix wire", body_text: "Text." }) }),
          ),
        probe: ({ guid }) => db.wireItem.count({ where: { guid } }),
      }),
    },
    "app/api/content/v1/openapi.json/route.ts": { GET: check({ access: "public", arrange: async () => null, call: async () => contentOpenApi.GET(), probe: "read-only" }) },
    "app/api/admin/v1/stories/route.ts": {
      POST: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("EDITOR"), headline: unique("Matrix API draft") }),
        call: ({ key, headline }, person) =>
          adminStoriesApi.POST(keyRequest(person, key, "/api/admin/v1/stories", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ headline, body: doc("Text.") }) })),
        probe: ({ headline }) => db.story.count({ where: { headline } }),
      }),
    },
    "app/api/admin/v1/stories/[id]/route.ts": {
      // The key decides, not the session: anyone holding an editor's key reads a draft, and nothing is written.
      GET: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("EDITOR"), story: await draftOf(null) }),
        call: ({ key, story }, person) => adminStoryApi.GET(keyRequest(person, key, `/api/admin/v1/stories/${story.id}`), routeParams({ id: story.id })),
        probe: "read-only",
      }),
      PUT: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("EDITOR"), story: await draftOf(null), headline: unique("Matrix API save") }),
        call: ({ key, story, headline }, person) =>
          adminStoryApi.PUT(
            keyRequest(person, key, `/api/admin/v1/stories/${story.id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ version: story.version, headline, body: doc("Text.") }) }),
            routeParams({ id: story.id }),
          ),
        probe: ({ story }) => storyState(story.id),
      }),
    },
    "app/api/admin/v1/stories/[id]/status/route.ts": {
      POST: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("EDITOR"), story: await draftOf(null) }),
        call: ({ key, story }, person) =>
          adminStoryStatusApi.POST(
            keyRequest(person, key, `/api/admin/v1/stories/${story.id}/status`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ version: story.version, action: "submit" }) }),
            routeParams({ id: story.id }),
          ),
        probe: ({ story }) => storyState(story.id),
      }),
    },
    "app/api/admin/v1/media/route.ts": {
      POST: check({
        access: "public",
        arrange: async () => ({ key: await apiKeyOf("EDITOR"), png: await tinyPng(), alt: unique("Matrix API upload") }),
        call: async ({ key, png, alt }, person) => {
          const body = form({ alt });
          body.append("file", new File([png.slice()], "test.png", { type: "image/png" }));
          return adminMediaApi.POST(keyRequest(person, key, "/api/admin/v1/media", { method: "POST", body }));
        },
        probe: ({ alt }) => db.media.count({ where: { alt } }),
      }),
    },
  };
}

// ── The table ──────────────────────────────────────────────────────────

export const AUTHZ_TABLE: AuthzTable = {
  "lib/actions/stories.ts": {
    createStoryAction: check({
      access: { can: ["story.create"] },
      arrange: async () => storyInput((await makeSection()).id),
      call: (input) => createStoryAction(input),
      probe: (input) => db.story.count({ where: { headline: input.headline } }),
    }),
    saveStoryAction: [
      check({
        name: "one's own draft",
        access: EDIT,
        arrange: async (person) => ({ story: await draftOf(person?.id ?? null), input: await storyInput((await makeSection()).id) }),
        call: ({ story, input }) => saveStoryAction(story.id, story.version, input),
        probe: ({ story }) => storyState(story.id),
      }),
      check({
        name: "someone else's draft",
        access: { can: ["story.editAny"] },
        arrange: async () => ({ story: await draftOf((await makeUser("REPORTER")).id), input: await storyInput((await makeSection()).id) }),
        call: ({ story, input }) => saveStoryAction(story.id, story.version, input),
        probe: ({ story }) => storyState(story.id),
      }),
    ],
    changeStoryStatusAction: [
      check({
        name: "submit one's own draft",
        access: { can: ["story.submit", "story.editOwn"] },
        arrange: (person) => draftOf(person?.id ?? null),
        call: (story) => changeStoryStatusAction({ storyId: story.id, version: story.version, action: "submit" }),
        probe: (story) => storyState(story.id),
      }),
      check({
        name: "publish one's own draft",
        access: { can: ["story.publish"] },
        arrange: (person) => draftOf(person?.id ?? null),
        call: (story) => changeStoryStatusAction({ storyId: story.id, version: story.version, action: "publish" }),
        probe: (story) => storyState(story.id),
      }),
      check({
        name: "submit someone else's draft",
        access: { can: ["story.submit", "story.editAny"] },
        arrange: async () => draftOf((await makeUser("REPORTER")).id),
        call: (story) => changeStoryStatusAction({ storyId: story.id, version: story.version, action: "submit" }),
        probe: (story) => storyState(story.id),
      }),
    ],
    createBylineAction: check({
      access: { can: ["byline.manage"] },
      arrange: async () => ({ name: unique("Matrix Byline"), kind: "PERSON" }),
      call: (input) => createBylineAction(input),
      probe: (input) => db.byline.count({ where: { name: input.name } }),
    }),
    touchPresenceAction: [
      check({
        name: "one's own story",
        access: { can: ["desk.open", "story.editOwn"] },
        arrange: (person) => draftOf(person?.id ?? null),
        call: (story) => touchPresenceAction(story.id),
        probe: (story) => db.storyPresence.count({ where: { storyId: story.id } }),
      }),
      check({
        name: "someone else's story",
        access: { can: ["desk.open", "story.editAny"] },
        arrange: async () => draftOf((await makeUser("REPORTER")).id),
        call: (story) => touchPresenceAction(story.id),
        probe: (story) => db.storyPresence.count({ where: { storyId: story.id } }),
      }),
    ],
    leavePresenceAction: check({
      access: { can: ["desk.open"] },
      arrange: async (person) => {
        const story = await draftOf(person?.id ?? null);
        // The caller's own presence row, which leaving removes.
        if (person) await db.storyPresence.create({ data: { storyId: story.id, userId: person.id } });
        return story;
      },
      call: (story) => leavePresenceAction(story.id),
      probe: (story) => db.storyPresence.count({ where: { storyId: story.id } }),
    }),
    loadSavedStoryAction: [
      check({
        name: "one's own story",
        access: EDIT,
        arrange: (person) => draftOf(person?.id ?? null),
        call: (story) => loadSavedStoryAction(story.id),
        probe: "read-only",
      }),
      check({
        name: "someone else's story",
        access: { can: ["desk.open", "story.editAny"] },
        arrange: async () => draftOf((await makeUser("REPORTER")).id),
        call: (story) => loadSavedStoryAction(story.id),
        probe: "read-only",
      }),
    ],
  },

  "lib/actions/moderation.ts": {
    moderateAction: [
      check({
        name: "approve a held comment",
        access: { can: ["comment.moderate"] },
        arrange: async () => makeComment({ storyId: (await publishedStory()).id, status: "PENDING" }),
        call: (comment) => moderateAction(idle, form({ intent: `approve:${comment.id}` })),
        probe: (comment) => commentState(comment.id),
      }),
      check({
        name: "close a story's comments",
        access: { can: ["comment.moderate"] },
        arrange: () => publishedStory(),
        call: (story) => moderateAction(idle, form({ intent: `close:${story.id}` })),
        probe: (story) => storyState(story.id),
      }),
      check({
        name: "suspend a comment's author",
        access: { can: ["people.suspend"] },
        arrange: async () => {
          const author = await makeUser("READER");
          const comment = await makeComment({ storyId: (await publishedStory()).id, status: "PENDING", authorId: author.id });
          return { author, comment };
        },
        call: ({ author, comment }) =>
          moderateAction(
            idle,
            form({
              intent: `suspend:${comment.id}`,
              [`suspend-author:${comment.id}`]: author.id,
              [`suspend-duration:${comment.id}`]: "24",
              [`suspend-reason:${comment.id}`]: "Spam links",
            }),
          ),
        probe: ({ author }) => userState(author.id),
      }),
    ],
  },

  "lib/actions/revisions.ts": {
    restoreRevisionAction: [
      check({
        name: "one's own story",
        access: EDIT,
        arrange: (person) => storyWithRevision(person?.id ?? null),
        call: ({ story, revisionId }) => restoreRevisionAction({ storyId: story.id, revisionId, version: story.version }),
        probe: ({ story }) => storyState(story.id),
      }),
      check({
        name: "someone else's story",
        access: { can: ["story.editAny"] },
        arrange: async () => storyWithRevision((await makeUser("REPORTER")).id),
        call: ({ story, revisionId }) => restoreRevisionAction({ storyId: story.id, revisionId, version: story.version }),
        probe: ({ story }) => storyState(story.id),
      }),
    ],
  },

  "lib/actions/notes.ts": {
    loadStoryNotesAction: check({
      access: EDIT,
      arrange: (person) => draftOf(person?.id ?? null),
      call: (story) => loadStoryNotesAction(story.id),
      probe: "read-only",
    }),
    addNoteAction: [
      check({
        name: "one's own draft",
        access: EDIT,
        arrange: (person) => draftOf(person?.id ?? null),
        call: (story) => addNoteAction({ storyId: story.id, noteId: crypto.randomUUID(), quote: "council", text: "Which council?" }),
        probe: (story) => db.storyNote.count({ where: { storyId: story.id } }),
      }),
      check({
        name: "someone else's draft",
        access: { can: ["desk.open", "story.editAny"] },
        arrange: async () => draftOf((await makeUser("REPORTER")).id),
        call: (story) => addNoteAction({ storyId: story.id, noteId: crypto.randomUUID(), quote: "council", text: "Which council?" }),
        probe: (story) => db.storyNote.count({ where: { storyId: story.id } }),
      }),
    ],
    replyToNoteAction: check({
      access: EDIT,
      arrange: (person) => noteOn(person?.id ?? null),
      call: (note) => replyToNoteAction({ noteId: note.id, text: "The city council." }),
      probe: (note) => db.storyNoteMessage.count({ where: { noteId: note.id } }),
    }),
    setNoteResolvedAction: check({
      access: EDIT,
      arrange: (person) => noteOn(person?.id ?? null),
      call: (note) => setNoteResolvedAction({ noteId: note.id, resolved: true }),
      probe: (note) => db.storyNote.findUniqueOrThrow({ where: { id: note.id }, select: { resolvedAt: true } }),
    }),
  },

  "lib/actions/corrections.ts": {
    addCorrectionAction: check({
      access: { can: ["story.correct"] },
      arrange: () => publishedStory(),
      call: (story) => addCorrectionAction(idle, form({ storyId: story.id, kind: "CORRECTION", text: "The council met on Wednesday, not Tuesday." })),
      probe: (story) => db.correction.count({ where: { storyId: story.id } }),
    }),
  },

  "lib/actions/lead.ts": {
    toggleLeadAction: [
      check({
        name: "pin",
        access: { can: ["story.publish"] },
        arrange: () => publishedStory(),
        call: (story) => toggleLeadAction({ status: "idle" }, form({ intent: "pin", storyId: story.id })),
        probe: (story) => storyState(story.id),
      }),
      check({
        name: "unpin",
        access: { can: ["story.publish"] },
        arrange: async () => {
          const story = await publishedStory();
          await db.story.update({ where: { id: story.id }, data: { pinnedAt: new Date() } });
          return story;
        },
        call: (story) => toggleLeadAction({ status: "idle" }, form({ intent: "unpin", storyId: story.id })),
        probe: (story) => storyState(story.id),
      }),
    ],
  },

  "lib/actions/media.ts": {
    importRemoteImageAction: check({
      access: { can: ["story.editOwn"] },
      arrange: async () => {
        setRemoteImageDepsForTests(await localImageSite());
        return { alt: unique("Matrix remote image") };
      },
      call: ({ alt }) => importRemoteImageAction({ url: "https://images.test/pic.png", alt }),
      probe: ({ alt }) => db.media.count({ where: { alt } }),
    }),
    updateMediaDetailsAction: [
      check({
        name: "one's own upload",
        access: { can: ["story.editOwn"] },
        arrange: (person) => mediaRow(person?.id ?? null),
        call: (media) => updateMediaDetailsAction(media.id, { alt: "After", caption: "A caption", credit: "A credit" }),
        probe: (media) => mediaState(media.id),
      }),
      check({
        name: "someone else's upload",
        access: { can: ["story.editAny"] },
        arrange: async () => mediaRow((await makeUser("REPORTER")).id),
        call: (media) => updateMediaDetailsAction(media.id, { alt: "After", caption: "A caption", credit: "A credit" }),
        probe: (media) => mediaState(media.id),
      }),
    ],
    updateMediaCropAction: [
      check({
        name: "one's own upload's focal point",
        access: { can: ["story.editOwn"] },
        arrange: (person) => mediaRow(person?.id ?? null),
        call: (media) => updateMediaCropAction(media.id, { crop: null, focalX: 0.2, focalY: 0.7 }),
        probe: (media) => db.media.findUniqueOrThrow({ where: { id: media.id }, select: { focalX: true, focalY: true } }),
      }),
      check({
        name: "someone else's upload's focal point",
        access: { can: ["story.editAny"] },
        arrange: async () => mediaRow((await makeUser("REPORTER")).id),
        call: (media) => updateMediaCropAction(media.id, { crop: null, focalX: 0.2, focalY: 0.7 }),
        probe: (media) => db.media.findUniqueOrThrow({ where: { id: media.id }, select: { focalX: true, focalY: true } }),
      }),
    ],
  },

  "lib/actions/webhooks.ts": {
    createWebhookAction: check({
      access: { can: ["settings.manage"] },
      // It asks for an event nothing in the matrix makes, so no delivery is queued for it.
      arrange: async () => unique("https://hooks.example.test/matrix"),
      call: (url) => createWebhookAction(idle, form({ url, events: "story.deleted" })),
      probe: (url) => db.webhook.count({ where: { url } }),
    }),
    updateWebhookAction: check({
      access: { can: ["settings.manage"] },
      // The same URL and a description: an allowed call writes the row (its updatedAt moves) and an audit record.
      arrange: () => matrixWebhook(),
      call: (webhook) => updateWebhookAction(idle, form({ webhookId: webhook.id, url: "http://127.0.0.1:9/matrix", description: "Matrix, edited", events: "story.deleted" })),
      probe: (webhook) => db.webhook.findUnique({ where: { id: webhook.id }, select: { description: true, updatedAt: true } }),
    }),
    rotateWebhookSecretAction: check({
      access: { can: ["settings.manage"] },
      arrange: () => matrixWebhook(),
      call: (webhook) => rotateWebhookSecretAction({ status: "idle", attempt: 0 }, form({ webhookId: webhook.id })),
      probe: (webhook) => db.webhook.findUnique({ where: { id: webhook.id }, select: { secretSealed: true } }),
    }),
    webhookAction: [
      check({
        name: "send a test",
        access: { can: ["settings.manage"] },
        arrange: () => matrixWebhook(),
        call: (webhook) => webhookAction(idle, form({ intent: "test", webhookId: webhook.id })),
        probe: (webhook) => db.webhookDelivery.count({ where: { webhookId: webhook.id } }),
      }),
      check({
        name: "turn off",
        access: { can: ["settings.manage"] },
        arrange: () => matrixWebhook(),
        call: (webhook) => webhookAction(idle, form({ intent: "disable", webhookId: webhook.id })),
        probe: (webhook) => db.webhook.findUnique({ where: { id: webhook.id }, select: { enabled: true } }),
      }),
      check({
        name: "redeliver",
        access: { can: ["settings.manage"] },
        arrange: async () => {
          const webhook = await matrixWebhook();
          return db.webhookDelivery.create({ data: { webhookId: webhook.id, eventId: randomUUID(), event: "webhook.test", payload: {}, status: "FAILED" }, select: { id: true, webhookId: true } });
        },
        call: (delivery) => webhookAction(idle, form({ intent: "redeliver", webhookId: delivery.webhookId, deliveryId: delivery.id })),
        probe: (delivery) => db.webhookDelivery.count({ where: { webhookId: delivery.webhookId } }),
      }),
    ],
  },

  "lib/actions/api-keys.ts": {
    createApiKeyAction: check({
      access: { can: ["settings.manage"] },
      arrange: async () => ({ name: unique("Matrix integration") }),
      call: ({ name }) => createApiKeyAction({ status: "idle", attempt: 0 }, form({ name, role: "READER" })),
      probe: ({ name }) => db.apiKey.count({ where: { name } }),
    }),
    revokeApiKeyAction: check({
      access: { can: ["settings.manage"] },
      arrange: async () => createApiKey(await makeActor("ADMIN"), { name: unique("Matrix revoked"), role: "READER" }),
      call: (key) => revokeApiKeyAction({ status: "idle", attempt: 0, message: "" }, form({ keyId: key.id })),
      probe: (key) => db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { revokedAt: true } }),
    }),
  },

  "lib/actions/wire.ts": {
    createWireSourceAction: check({
      access: { can: ["wire.sources.manage"] },
      arrange: async () => ({ name: unique("Matrix wire") }),
      call: ({ name }) => createWireSourceAction({ status: "idle", attempt: 0 }, form({ name, credit: "Matrix" })),
      probe: ({ name }) => db.wireSource.count({ where: { name } }),
    }),
    revokeWireSourceAction: check({
      access: { can: ["wire.sources.manage"] },
      arrange: () => matrixWireSource(),
      call: (source) => revokeWireSourceAction({ status: "idle", attempt: 0, message: "" }, form({ sourceId: source.id })),
      probe: (source) => db.wireSource.findUniqueOrThrow({ where: { id: source.id }, select: { revokedAt: true } }),
    }),
    openWireItemAction: check({
      access: { can: ["wire.read", "story.create"] },
      arrange: async () => {
        const source = await matrixWireSource();
        return db.wireItem.create({
          data: { sourceId: source.id, guid: unique("urn:matrix:open"), version: 1, format: "NINJS", headline: "Matrix wire item", body: doc("Text.") as never, rawSize: 10, bylines: [] },
          select: { id: true },
        });
      },
      call: (item) => openWireItemAction({ status: "idle", attempt: 0, message: "" }, form({ itemId: item.id })),
      probe: (item) => db.wireItem.findUniqueOrThrow({ where: { id: item.id }, select: { state: true, storyId: true } }),
    }),
  },

  "lib/actions/settings.ts": {
    saveSignInSettingsAction: check({
      access: { can: ["settings.manage"] },
      // Switching the requirement off (an unticked box): other tests share the setting, and on
      // would need the caller to have two-factor sign-in.
      arrange: async () => null,
      call: () => saveSignInSettingsAction(idle, form({})),
      probe: () => db.setting.findMany({ where: { key: { startsWith: "auth." } }, orderBy: { key: "asc" }, select: { key: true, value: true, updatedAt: true } }),
    }),
    saveCommentSettingsAction: check({
      access: { can: ["settings.manage"] },
      // The settings as they are: other tests share them, so an allowed call only rewrites them.
      arrange: () => {
        dropCommentSettingsCache();
        return cachedCommentSettings();
      },
      call: (settings) =>
        saveCommentSettingsAction(
          idle,
          form({
            bannedWords: settings.bannedWords.join("\n"),
            suspectWords: settings.suspectWords.join("\n"),
            ...(settings.holdFirstComment ? { holdFirstComment: "on" } : {}),
            reportsToHold: String(settings.reportsToHold),
          }),
        ),
      probe: () => db.setting.findMany({ where: { key: { startsWith: "comments." } }, orderBy: { key: "asc" }, select: { key: true, updatedAt: true } }),
    }),
    saveNewsroomTimeZoneAction: check({
      access: { can: ["settings.manage"] },
      // The zone as it is: lib/time-zone.alone.integration.test.ts changes it, so an allowed call only rewrites it.
      arrange: () => getNewsroomTimeZone(),
      call: (timeZone) => saveNewsroomTimeZoneAction(idle, form({ timeZone })),
      probe: () => db.setting.findMany({ where: { key: { startsWith: "newsroom." } }, orderBy: { key: "asc" }, select: { key: true, updatedAt: true } }),
    }),
    saveSiteSettingsAction: check({
      access: { can: ["settings.manage"] },
      // The settings as they are: other tests share them, so an allowed call only rewrites them (and writes nothing, being unchanged).
      arrange: async () => toFormValues(readStoredSiteSettings((await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY } }))?.value)),
      call: (values) => saveSiteSettingsAction(idle, form(values)),
      probe: () => db.setting.findMany({ where: { key: { startsWith: "site." } }, orderBy: { key: "asc" }, select: { key: true, value: true, updatedAt: true } }),
    }),
    renderAllAgainAction: check({
      access: { can: ["settings.manage"] },
      arrange: async () => null,
      call: () => renderAllAgainAction(idle),
      // A refused call leaves the fill's progress rows exactly as they were (an allowed one starts over).
      probe: () => db.readerFill.findMany({ orderBy: { buildId: "asc" }, select: { buildId: true, generation: true, startedAt: true } }),
    }),
    saveSectionCommentRulesAction: check({
      access: { can: ["settings.manage"] },
      arrange: () => makeSection(),
      call: (section) => saveSectionCommentRulesAction(idle, form({ sectionId: section.id, commentPolicy: "PREMODERATED", closeAfterDays: "30" })),
      probe: (section) => db.section.findUniqueOrThrow({ where: { id: section.id }, select: { commentPolicy: true, commentsCloseAfterDays: true } }),
    }),
  },

  "lib/actions/taxonomy.ts": {
    sectionAction: [
      check({
        name: "create",
        access: { can: ["taxonomy.manage"] },
        arrange: async () => ({ slug: unique("matrix-section") }),
        call: ({ slug }) => sectionAction(idle, form({ intent: "create", name: slug, slug, description: "" })),
        probe: ({ slug }) => db.section.count({ where: { slug } }),
      }),
      check({
        name: "rename",
        access: { can: ["taxonomy.manage"] },
        arrange: () => makeSection(),
        call: (section) => sectionAction(idle, form({ intent: "update", sectionId: section.id, name: "Renamed", slug: `${section.slug}-new`, description: "About it." })),
        probe: (section) => db.section.findUniqueOrThrow({ where: { id: section.id }, select: { name: true, slug: true, description: true } }),
      }),
      check({
        name: "move",
        access: { can: ["taxonomy.manage"] },
        arrange: async () => [await makeSection(), await makeSection()] as const,
        call: ([, second]) => sectionAction(idle, form({ intent: "up", sectionId: second.id })),
        probe: (pair) => db.section.findMany({ where: { id: { in: pair.map((s) => s.id) } }, orderBy: { id: "asc" }, select: { id: true, position: true } }),
      }),
      check({
        name: "archive",
        access: { can: ["taxonomy.manage"] },
        arrange: () => makeSection(),
        call: (section) => sectionAction(idle, form({ intent: "archive", sectionId: section.id })),
        probe: (section) => db.section.findUniqueOrThrow({ where: { id: section.id }, select: { archivedAt: true } }),
      }),
    ],
    bylineAction: [
      check({
        name: "create",
        access: { can: ["byline.manage"] },
        arrange: async () => ({ name: unique("Matrix Desk Byline") }),
        call: ({ name }) => bylineAction(idle, form({ intent: "create", name, kind: "PERSON", bio: "" })),
        probe: ({ name }) => db.byline.count({ where: { name } }),
      }),
      check({
        name: "edit",
        access: { can: ["byline.manage"] },
        arrange: () => makeByline("PERSON"),
        call: (byline) => bylineAction(idle, form({ intent: "update", bylineId: byline.id, name: `${byline.name} Edited`, kind: "PERSON", bio: "A bio.", url: "", photoId: "", userId: "" })),
        probe: (byline) => db.byline.findUniqueOrThrow({ where: { id: byline.id }, select: { name: true, bio: true } }),
      }),
      check({
        name: "merge",
        access: { can: ["byline.manage"] },
        arrange: async () => ({ source: await makeByline(), target: await makeByline() }),
        call: ({ source, target }) => bylineAction(idle, form({ intent: "merge", bylineId: source.id, targetId: target.id })),
        probe: ({ source }) => db.byline.count({ where: { id: source.id } }),
      }),
    ],
    tagAction: [
      check({
        name: "rename",
        access: { can: ["taxonomy.manage"] },
        arrange: async () => db.tag.create({ data: { name: "Matrix", slug: unique("matrix-tag") }, select: { id: true, slug: true } }),
        call: (tag) => tagAction(idle, form({ intent: "rename", tagId: tag.id, name: `${tag.slug} renamed` })),
        probe: (tag) => db.tag.findUniqueOrThrow({ where: { id: tag.id }, select: { name: true, slug: true } }),
      }),
      check({
        name: "merge",
        access: { can: ["taxonomy.manage"] },
        arrange: async () => ({
          source: await db.tag.create({ data: { name: "Matrix", slug: unique("matrix-tag") }, select: { id: true } }),
          target: await db.tag.create({ data: { name: "Matrix", slug: unique("matrix-tag") }, select: { id: true } }),
        }),
        call: ({ source, target }) => tagAction(idle, form({ intent: "merge", sourceId: source.id, targetId: target.id })),
        probe: ({ source }) => db.tag.count({ where: { id: source.id } }),
      }),
      check({
        name: "delete",
        access: { can: ["taxonomy.manage"] },
        arrange: async () => db.tag.create({ data: { name: "Matrix", slug: unique("matrix-tag") }, select: { id: true } }),
        call: (tag) => tagAction(idle, form({ intent: "delete", tagId: tag.id })),
        probe: (tag) => db.tag.count({ where: { id: tag.id } }),
      }),
    ],
  },

  "lib/actions/people.ts": {
    personAction: [
      check({
        name: "change a role",
        access: { can: ["people.manage"] },
        arrange: () => makeUser("READER"),
        call: (target) => personAction(idle, form({ intent: "role", userId: target.id, role: "MODERATOR", reason: "" })),
        probe: (target) => userState(target.id),
      }),
      check({
        name: "sign out everywhere",
        access: { can: ["people.manage"] },
        arrange: async () => {
          const target = await makeUser("READER");
          await startSession(target.id, { userAgent: "matrix target" });
          return target;
        },
        call: (target) => personAction(idle, form({ intent: "signout", userId: target.id, reason: "" })),
        probe: (target) => liveSessions(target.id),
      }),
      check({
        name: "suspend",
        access: { can: ["people.suspend"] },
        arrange: () => makeUser("READER"),
        call: (target) => personAction(idle, form({ intent: "suspend", userId: target.id, duration: "24", reason: "Repeated insults" })),
        probe: (target) => userState(target.id),
      }),
      check({
        name: "ban",
        access: { can: ["people.manage"] },
        arrange: () => makeUser("READER"),
        call: (target) => personAction(idle, form({ intent: "ban", userId: target.id, reason: "Spam", confirmed: "yes" })),
        probe: (target) => userState(target.id),
      }),
      check({
        name: "reinstate",
        access: { can: ["people.manage"] },
        arrange: async () => {
          const target = await makeUser("READER");
          await db.user.update({ where: { id: target.id }, data: { status: "BANNED", statusReason: "Spam" } });
          return target;
        },
        call: (target) => personAction(idle, form({ intent: "reinstate", userId: target.id, reason: "" })),
        probe: (target) => userState(target.id),
      }),
    ],
  },

  "lib/actions/comments.ts": {
    postCommentAction: check({
      access: { can: ["comment.post"] },
      arrange: () => publishedStory(),
      call: (story) => postCommentAction(form({ storyId: story.id, body: "A fair point about the ferry." })),
      probe: (story) => db.comment.count({ where: { storyId: story.id } }),
    }),
    editCommentAction: check({
      access: { can: ["comment.post"] },
      arrange: (person) => approvedComment(person?.id ?? null),
      call: ({ comment }) => editCommentAction(form({ commentId: comment.id, body: "A fairer point about the ferry." })),
      probe: ({ comment }) => commentState(comment.id),
    }),
    deleteCommentAction: check({
      access: { can: ["comment.post"] },
      arrange: (person) => approvedComment(person?.id ?? null),
      call: ({ comment }) => deleteCommentAction(form({ commentId: comment.id })),
      probe: ({ comment }) => commentState(comment.id),
    }),
    reportCommentAction: check({
      access: { can: ["comment.post"] },
      arrange: () => approvedComment(null),
      call: ({ comment }) => reportCommentAction(form({ commentId: comment.id, reason: "ABUSE", text: "" })),
      probe: ({ comment }) => commentState(comment.id),
    }),
  },

  "lib/actions/account-security.ts": {
    changePasswordAction: check({
      access: "signed-in",
      arrange: async () => null,
      call: () => changePasswordAction(idle, form({ currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" })),
      probe: async (_nothing, person) => (person ? db.user.findUniqueOrThrow({ where: { id: person.id }, select: { passwordHash: true } }) : "nobody"),
    }),
    endSessionAction: check({
      access: "signed-in",
      // Another browser of the same person, to end from this one.
      arrange: async (person) => (person ? startSession(person.id, { userAgent: "matrix other browser" }) : randomUUID()),
      call: (sessionId) => endSessionAction(idle, form({ sessionId })),
      probe: (sessionId) => db.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true } }),
    }),
    endOtherSessionsAction: check({
      access: "signed-in",
      arrange: async (person) => (person ? startSession(person.id, { userAgent: "matrix other browser" }) : null),
      call: () => endOtherSessionsAction(idle),
      probe: async (_other, person) => (person ? liveSessions(person.id) : "nobody"),
    }),
    beginTwoFactorAction: check({
      // Staff only: readers have no desk to protect.
      access: { can: ["desk.open"] },
      arrange: async () => null,
      call: () => beginTwoFactorAction(idle),
      probe: async (_nothing, person) => (person ? db.twoFactor.count({ where: { userId: person.id } }) : "nobody"),
    }),
    confirmTwoFactorAction: check({
      access: { can: ["desk.open"] },
      // Staff have begun setting up; anyone else types a code for a secret of their own making.
      arrange: async (person) => {
        const staff = person && person.actor.role !== "READER" ? await beginTwoFactorEnrolment(person.actor).catch(() => null) : null;
        return { secret: staff?.secret ?? newTotpSecret() };
      },
      call: ({ secret }) => confirmTwoFactorAction(idle, form({ code: totpCode(secret, Date.now()) })),
      probe: async (_arranged, person) => (person ? db.twoFactor.findUnique({ where: { userId: person.id }, select: { enabledAt: true } }) : "nobody"),
    }),
    disableTwoFactorAction: check({
      access: { can: ["desk.open"] },
      // Staff have two-factor sign-in on; a recovery code, since the app's code of this step is spent.
      arrange: async (person) => {
        const begun = person ? await beginTwoFactorEnrolment(person.actor).catch(() => null) : null;
        if (!person || !begun) return { recoveryCode: "AAAA-BBBB-CCCC" };
        const { recoveryCodes } = await confirmTwoFactorEnrolment(person.actor, { code: totpCode(begun.secret, Date.now()) });
        return { recoveryCode: recoveryCodes[0]! };
      },
      call: ({ recoveryCode }) => disableTwoFactorAction(idle, form({ password: TEST_PASSWORD, code: recoveryCode })),
      probe: async (_arranged, person) => (person ? db.twoFactor.count({ where: { userId: person.id } }) : "nobody"),
    }),
  },

  "lib/actions/sign-in.ts": {
    signInAction: check({
      access: "public",
      arrange: () => makeUser("READER"),
      call: (account) => signInAction({ message: null, email: "", step: "password", offerCode: false }, form({ email: account.email, password: TEST_PASSWORD, callbackUrl: "/account" })),
      probe: (account) => userState(account.id),
    }),
    signOutAction: check({
      access: "public",
      arrange: async () => null,
      call: async (_nothing, person) => {
        // Signed out, the browser may still hold the session cookie of an account that is gone: signing out clears it too.
        if (!person) {
          const leftover = await encode({ token: { sub: randomUUID() }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
          requestContext.cookies.set(SESSION_COOKIE, leftover);
          requestContext.headers.set("cookie", `${SESSION_COOKIE}=${leftover}`);
        }
        return signOutAction();
      },
      probe: async () => sessionCookieWrites(),
    }),
  },

  "lib/actions/accounts.ts": {
    signUpAction: check({
      access: "public",
      arrange: async () => ({ email: `${unique("matrix-signup")}@example.test` }),
      call: ({ email }) => signUpAction({ message: null, isDuplicate: false, fieldErrors: {}, displayName: "", email: "" }, form({ displayName: "Matrix Reader", email, password: "a long enough passphrase" })),
      probe: ({ email }) => db.user.count({ where: { email } }),
    }),
    deleteAccountAction: check({
      // Readers delete their own accounts; staff accounts are closed by an admin.
      access: { can: [], cannot: ["desk.open"] },
      arrange: async () => null,
      call: () => deleteAccountAction({ message: null, fieldErrors: {}, comments: "" }, form({ comments: "keep", password: TEST_PASSWORD })),
      probe: async (_arranged, person) => (person ? db.user.count({ where: { id: person.id } }) : "nobody to delete"),
    }),
  },

  "lib/actions/email.ts": {
    requestPasswordResetAction: check({
      access: "public",
      arrange: () => makeUser("READER"),
      call: (account) => requestPasswordResetAction({ status: "idle", attempt: 0 }, form({ email: account.email })),
      probe: (account) => db.emailMessage.count({ where: { to: account.email, kind: "password-reset" } }),
    }),
    resetPasswordAction: check({
      // The link's token is the proof, whoever is signed in.
      access: "public",
      arrange: async () => {
        const account = await makeUser("READER");
        return { account, token: await issueToken(db, account.id, "PASSWORD_RESET", 60_000) };
      },
      call: ({ token }) => resetPasswordAction({ status: "idle", attempt: 0 }, form({ token, newPassword: "a matrix reset passphrase", confirmPassword: "a matrix reset passphrase" })),
      probe: ({ account }) => db.user.findUniqueOrThrow({ where: { id: account.id }, select: { passwordHash: true } }),
    }),
    confirmEmailAction: check({
      access: "public",
      arrange: async () => {
        const account = await makeUser("READER");
        await db.user.update({ where: { id: account.id }, data: { emailUnconfirmed: true } });
        return { account, token: await issueToken(db, account.id, "EMAIL_CONFIRM", 60_000) };
      },
      call: ({ token }) => confirmEmailAction({ status: "idle", attempt: 0 }, form({ token })),
      probe: ({ account }) => db.user.findUniqueOrThrow({ where: { id: account.id }, select: { emailUnconfirmed: true } }),
    }),
    resendConfirmationAction: check({
      access: "signed-in",
      arrange: async (person) => {
        if (person) await db.user.update({ where: { id: person.id }, data: { emailUnconfirmed: true } });
        return null;
      },
      call: () => resendConfirmationAction({ status: "idle", attempt: 0 }),
      probe: async (_nothing, person) => (person ? db.emailMessage.count({ where: { to: person.email, kind: "confirm-email" } }) : "nobody"),
    }),
    saveEmailPreferencesAction: check({
      access: "signed-in",
      arrange: async (person) => {
        if (person) await db.user.update({ where: { id: person.id }, data: { emailOnReply: true, emailOnDecision: true } });
        return null;
      },
      // Both boxes unticked: both off.
      call: () => saveEmailPreferencesAction({ status: "idle", attempt: 0 }, form({})),
      probe: async (_nothing, person) => (person ? db.user.findUniqueOrThrow({ where: { id: person.id }, select: { emailOnReply: true, emailOnDecision: true } }) : "nobody"),
    }),
    unsubscribeAction: check({
      // The signed token is the proof, no sign-in.
      access: "public",
      arrange: () => makeUser("READER"),
      call: (account) => unsubscribeAction({ status: "idle", attempt: 0 }, form({ token: unsubscribeToken(account.id, "replies") })),
      probe: (account) => db.user.findUniqueOrThrow({ where: { id: account.id }, select: { emailOnReply: true } }),
    }),
    saveEmailConfirmationSettingAction: check({
      access: { can: ["settings.manage"] },
      // Off (an unticked box), from no row at all: other tests share the setting, and none of them
      // should see it on because of this one.
      arrange: async () => {
        await db.setting.deleteMany({ where: { key: "accounts.confirmEmail" } });
        return null;
      },
      call: () => saveEmailConfirmationSettingAction({ status: "idle", attempt: 0 }, form({})),
      probe: () => db.setting.findUnique({ where: { key: "accounts.confirmEmail" }, select: { value: true } }),
    }),
  },

  // ── Route handlers ───────────────────────────────────────────────────

  "app/(site)/account/unsubscribe/one-click/route.ts": {
    POST: check({
      // RFC 8058: the mail provider posts, with the signed token and no session.
      access: "public",
      arrange: () => makeUser("READER"),
      call: (account, person) =>
        oneClickUnsubscribe.POST(
          routeRequest(person, `/account/unsubscribe/one-click?token=${encodeURIComponent(unsubscribeToken(account.id, "decisions"))}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          }),
        ),
      probe: (account) => db.user.findUniqueOrThrow({ where: { id: account.id }, select: { emailOnDecision: true } }),
    }),
  },

  "app/api/media/route.ts": {
    POST: check({
      access: { can: ["story.editOwn"] },
      arrange: async () => ({ png: await tinyPng(), alt: unique("Matrix upload") }),
      call: async ({ png, alt }, person) => {
        const body = form({ alt, caption: "", credit: "" });
        body.append("file", new File([png.slice()], "test.png", { type: "image/png" }));
        return mediaApi.POST(routeRequest(person, "/api/media", { method: "POST", body }));
      },
      probe: ({ alt }) => db.media.count({ where: { alt } }),
    }),
    GET: check({
      access: { can: ["story.editOwn"] },
      arrange: async () => null,
      call: (_nothing, person) => mediaApi.GET(routeRequest(person, "/api/media?q=harbour")),
      probe: "read-only",
    }),
  },

  "app/api/stories/[id]/comments/route.ts": {
    POST: check({
      access: { can: ["comment.post"] },
      arrange: () => publishedStory(),
      call: (story, person) =>
        commentsApi.POST(
          routeRequest(person, `/api/stories/${story.id}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body: "A fair point." }) }),
          routeParams({ id: story.id }),
        ),
      probe: (story) => db.comment.count({ where: { storyId: story.id } }),
    }),
  },

  "app/api/auth/[...nextauth]/route.ts": {
    GET: check({
      access: "public",
      arrange: async () => null,
      call: (_nothing, person) => authRoute.GET(routeRequest(person, "/api/auth/session")),
      probe: "read-only",
    }),
    POST: check({
      name: "sign in with a password",
      access: "public",
      arrange: async () => {
        const account = await makeUser("READER");
        const csrf = await authRoute.GET(routeRequest(null, "/api/auth/csrf"));
        const { csrfToken } = (await csrf.json()) as { csrfToken: string };
        const cookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
        return { account, csrfToken, cookie };
      },
      call: ({ account, csrfToken, cookie }, person) =>
        authRoute.POST(
          routeRequest(person, "/api/auth/callback/credentials", {
            method: "POST",
            headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrfToken, email: account.email, password: TEST_PASSWORD, callbackUrl: "/account" }).toString(),
          }),
        ),
      probe: ({ account }) => userState(account.id),
    }),
  },

  // The Content API and the Admin API answer to an API key, not to a session: whoever holds a key
  // may call them, signed in or not (the key's own role is checked by the lib functions, and its
  // refusals are tested in lib/content-api and lib/admin-api).
  ...apiRoutes(),

  "app/rss.xml/route.ts": { GET: check({ access: "public", arrange: async () => null, call: () => siteRss.GET(), probe: "read-only" }) },
  "app/atom.xml/route.ts": { GET: check({ access: "public", arrange: async () => null, call: () => siteAtom.GET(), probe: "read-only" }) },
  "app/(site)/[section]/rss.xml/route.ts": {
    GET: check({ access: "public", arrange: () => makeSection(), call: (section, person) => sectionRss.GET(routeRequest(person, `/${section.slug}/rss.xml`), routeParams({ section: section.slug })), probe: "read-only" }),
  },
  // The story page, written as HTML by a route handler (lib/reader-html): readers' to read.
  "app/(site)/[section]/[slug]/route.ts": {
    GET: check({
      access: "public",
      arrange: async () => {
        const story = await publishedStory();
        const section = await db.section.findUniqueOrThrow({ where: { id: story.sectionId! }, select: { slug: true } });
        return { section: section.slug, slug: story.slug };
      },
      call: (story, person) => storyPage.GET(routeRequest(person, `/${story.section}/${story.slug}`), routeParams(story)),
      probe: "read-only",
    }),
  },
  "app/(site)/[section]/atom.xml/route.ts": {
    GET: check({ access: "public", arrange: () => makeSection(), call: (section, person) => sectionAtom.GET(routeRequest(person, `/${section.slug}/atom.xml`), routeParams({ section: section.slug })), probe: "read-only" }),
  },
  "app/sitemap.xml/route.ts": { GET: check({ access: "public", arrange: async () => null, call: () => sitemapIndex.GET(), probe: "read-only" }) },
  "app/sitemap/[file]/route.ts": {
    GET: check({ access: "public", arrange: async () => null, call: (_nothing, person) => sitemapFile.GET(routeRequest(person, "/sitemap/0.xml"), routeParams({ file: "0.xml" })), probe: "read-only" }),
  },
  "app/news-sitemap.xml/route.ts": { GET: check({ access: "public", arrange: async () => null, call: () => newsSitemap.GET(), probe: "read-only" }) },
  "app/media/[id]/[width]/route.ts": {
    GET: check({
      access: "public",
      arrange: async () => uploadImage(await makeActor("EDITOR"), { bytes: await tinyPng(), filename: "test.png", alt: "A test image" }),
      call: (media, person) => mediaFile.GET(routeRequest(person, `/media/${media.id}/original`), routeParams({ id: media.id, width: "original" })),
      probe: "read-only",
    }),
  },
};
