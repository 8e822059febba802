"use client";

import { useEffect, type RefObject } from "react";

import { SHORTCUT_KEYS } from "./shortcuts";

// Keyboard shortcuts for the moderation queue: j/k move between comments, a approves, r rejects
// (puts the keyboard in the reason first), s marks as spam, x ticks the comment. They only press
// the buttons and fields the form already has, so nothing here decides anything. They never fire
// while someone is typing in a field, or with Ctrl, Alt or Meta held (the browser's own keys).

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  return false;
}

export function useQueueShortcuts(formRef: RefObject<HTMLFormElement | null>): void {
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const articles = () => [...form.querySelectorAll<HTMLElement>("article[data-comment-id]")];
    const current = () => (document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>("article[data-comment-id]") : null);

    function focusItem(item: HTMLElement | undefined) {
      if (!item) return;
      for (const other of articles()) other.removeAttribute("data-current");
      item.setAttribute("data-current", "true");
      item.focus();
      item.scrollIntoView({ block: "nearest" });
    }

    function onKeyDown(event: KeyboardEvent) {
      // Enter in a reason field rejects with that reason (the form's default button does nothing).
      if (event.key === "Enter" && event.target instanceof HTMLInputElement && form?.contains(event.target)) {
        const reject =
          event.target.dataset.shortcut === "reason"
            ? event.target.closest("article")?.querySelector<HTMLButtonElement>('[data-shortcut="reject"]')
            : event.target.id === "bulk-reason"
              ? form.querySelector<HTMLButtonElement>('button[value="bulk:reject"]')
              : null;
        if (reject && !reject.disabled) {
          event.preventDefault();
          form.requestSubmit(reject);
        }
        return;
      }
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (!SHORTCUT_KEYS.has(key) || event.shiftKey) return;
      const list = articles();
      if (list.length === 0) return;
      const item = current();
      const index = item ? list.indexOf(item) : -1;
      if (key === "j" || key === "k") {
        event.preventDefault();
        focusItem(key === "j" ? list[Math.min(index + 1, list.length - 1)] : list[Math.max(index - 1, 0)]);
        return;
      }
      if (!item) return;
      const control = (name: string) => item.querySelector<HTMLElement>(`[data-shortcut="${name}"]`);
      event.preventDefault();
      if (key === "x") {
        control("select")?.click();
      } else if (key === "r") {
        control("reason")?.focus();
      } else {
        const button = control(key === "a" ? "approve" : "spam");
        if (button instanceof HTMLButtonElement && !button.disabled) form?.requestSubmit(button);
      }
    }

    document.addEventListener("keydown", onKeyDown);
    // Says the keys work from now on (before hydration they do nothing); the end-to-end tests wait for it.
    form.dataset.shortcuts = "on";
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      delete form.dataset.shortcuts;
    };
  }, [formRef]);
}
