"use client";

import { useEffect, useState } from "react";

import { StoryTabs } from "@/components/desk/story-tabs";

const SAVED_EVENT = "newsdesk:story-saved";

interface Saved {
  id: string;
  headline: string;
}

/** Tells the page's heading, the tab's title and the story's tabs what was just saved. */
export function announceSaved(saved: Saved): void {
  window.dispatchEvent(new CustomEvent<Saved>(SAVED_EVENT, { detail: saved }));
}

/** The last save announced on this page, or null before the first. */
function useLastSaved(): Saved | null {
  const [saved, setSaved] = useState<Saved | null>(null);
  useEffect(() => {
    const listener = (event: Event) => setSaved((event as CustomEvent<Saved>).detail);
    window.addEventListener(SAVED_EVENT, listener);
    return () => window.removeEventListener(SAVED_EVENT, listener);
  }, []);
  return saved;
}

/**
 * The editor page's heading: the story's headline as last saved, kept in step with every save, and
 * the same in the tab's title ("<headline> · Desk").
 */
export function StoryTitle({ initial, fallback, untitled }: { initial: string | null; fallback: string; untitled: string }) {
  const saved = useLastSaved();
  const headline = saved ? saved.headline : initial;
  const text = headline === null ? fallback : headline.trim() || untitled;

  useEffect(() => {
    // Keep whatever the title template adds after the page's own part (" · Desk").
    const rest = document.title.split(" · ").slice(1);
    document.title = [text, ...rest].join(" · ");
  }, [text]);

  return <h1 className="mb-4 font-serif text-3xl font-bold">{text}</h1>;
}

/** The story's tabs (Edit, History, …) on the New story page, once its first save has created it. */
export function CreatedStoryTabs() {
  const saved = useLastSaved();
  return saved ? <StoryTabs storyId={saved.id} current="edit" /> : null;
}
