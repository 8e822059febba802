"use client";

import { useEffect, useState } from "react";

const SAVED_EVENT = "newsdesk:story-saved";

/** Tells the page's heading and the tab's title the headline just saved. */
export function announceSavedHeadline(headline: string): void {
  window.dispatchEvent(new CustomEvent(SAVED_EVENT, { detail: headline }));
}

function titled(headline: string, fallback: string): string {
  return headline.trim() || fallback;
}

/**
 * The editor page's heading: the story's headline as last saved, kept in step with every save, and
 * the same in the tab's title ("<headline> · Desk").
 */
export function StoryTitle({ initial, fallback, untitled }: { initial: string | null; fallback: string; untitled: string }) {
  const [saved, setSaved] = useState<string | null>(initial);
  const text = saved === null ? fallback : titled(saved, untitled);

  useEffect(() => {
    const onSaved = (event: Event) => setSaved((event as CustomEvent<string>).detail);
    window.addEventListener(SAVED_EVENT, onSaved);
    return () => window.removeEventListener(SAVED_EVENT, onSaved);
  }, []);

  useEffect(() => {
    // Keep whatever the title template adds after the page's own part (" · Desk").
    const rest = document.title.split(" · ").slice(1);
    document.title = [text, ...rest].join(" · ");
  }, [text]);

  return <h1 className="mb-4 font-serif text-3xl font-bold">{text}</h1>;
}
