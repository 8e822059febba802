"use server";

// The comment forms' actions, for the story page's form and the discussion page. They work without
// JavaScript: each ends in a redirect (303) to the discussion page with the outcome as a key
// (?done=posted, ?error=too-long) that the page turns into words; nothing typed is ever put in a URL.
// Next checks a server action's Origin against the host itself (cross-site posts are refused).
// lib/comments does every check; these only carry the form in and the outcome out.

import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { runAction } from "@/lib/actions/safe-action";
import { getActor } from "@/lib/auth/session";
import { errorKeyOf } from "@/lib/comments/messages";
import { deleteComment, editComment } from "@/lib/comments/edit";
import { postComment } from "@/lib/comments/post";
import { reportComment } from "@/lib/comments/report";
import { findDiscussion } from "@/lib/comments/queries";
import { clientAddress } from "@/lib/http/client-address";
import { formText } from "@/lib/http/values";

function withQuery(href: string, query: Record<string, string>, anchor?: string): string {
  return `${href}?${new URLSearchParams(query).toString()}${anchor ? `#${anchor}` : ""}`;
}

async function locate(target: { storyId: string } | { commentId: string }): Promise<{ storyId: string; href: string }> {
  const found = await findDiscussion(target);
  if (!found) redirect("/");
  return found;
}

export async function postCommentAction(formData: FormData): Promise<void> {
  const storyId = formText(formData, "storyId");
  const parentId = formText(formData, "parentId") || undefined;
  const { href } = await locate({ storyId });
  // The story page is cached for everyone, so it cannot know who is reading: decide here.
  if (!(await getActor())) redirect(`/login?callbackUrl=${encodeURIComponent(parentId ? `${href}?reply=${parentId}` : href)}`);
  const address = clientAddress(await headers());
  const result = await runAction((actor) =>
    postComment(actor, { storyId, parentId, body: formText(formData, "body"), honeypot: formText(formData, "website") }, { address }),
  );
  if (!result.ok) {
    const query: Record<string, string> = { error: errorKeyOf(result) };
    if (parentId) query.reply = parentId;
    redirect(withQuery(href, query, parentId ? `reply-${parentId}` : "comment-form"));
  }
  const done = result.data.status === "APPROVED" ? (parentId ? "replied" : "posted") : "held";
  redirect(withQuery(href, { done, comment: result.data.id }, `comment-${result.data.id}`));
}

export async function editCommentAction(formData: FormData): Promise<void> {
  const commentId = formText(formData, "commentId");
  const { href } = await locate({ commentId });
  const result = await runAction((actor) => editComment(actor, { commentId, body: formText(formData, "body") }));
  if (!result.ok) redirect(withQuery(href, { edit: commentId, error: errorKeyOf(result) }, `edit-${commentId}`));
  redirect(withQuery(href, { done: result.data.status === "APPROVED" ? "edited" : "held", comment: commentId }, `comment-${commentId}`));
}

export async function deleteCommentAction(formData: FormData): Promise<void> {
  const commentId = formText(formData, "commentId");
  const { href } = await locate({ commentId });
  const result = await runAction((actor) => deleteComment(actor, { commentId }));
  if (!result.ok) redirect(withQuery(href, { error: errorKeyOf(result) }, "comments-status"));
  redirect(withQuery(href, { done: "deleted", comment: commentId }, `comment-${commentId}`));
}

export async function reportCommentAction(formData: FormData): Promise<void> {
  const commentId = formText(formData, "commentId");
  const { href } = await locate({ commentId });
  if (!(await getActor())) redirect(`/login?callbackUrl=${encodeURIComponent(`${href}?report=${commentId}`)}`);
  const address = clientAddress(await headers());
  const result = await runAction((actor) => reportComment(actor, { commentId, reason: formText(formData, "reason"), text: formText(formData, "text") }, { address }));
  if (!result.ok) {
    const key = errorKeyOf(result);
    // Problems with the form itself reopen it; anything else is said at the top.
    if (key.startsWith("report-") && key !== "report-twice" && key !== "report-own") redirect(withQuery(href, { report: commentId, error: key }, `report-${commentId}`));
    redirect(withQuery(href, { error: key }, "comments-status"));
  }
  // The comment names the page to come back to (its thread's).
  redirect(withQuery(href, { done: "reported", comment: commentId }, "comments-status"));
}
