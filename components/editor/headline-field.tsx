"use client";

import { useCallback, useLayoutEffect, useRef, type RefCallback } from "react";

import { HEADLINE_MAX } from "@/lib/stories/schemas";
import { HEADLINE_TARGET } from "@/lib/stories/prepublish";
import { FieldError } from "@/components/ui/field-error";

/**
 * The headline: one logical line that wraps and grows with its text (a long headline is shown
 * whole), with its length against the target the desk aims for. Enter does not break the line.
 */
export function HeadlineField({
  value,
  onChange,
  inputRef,
  errors,
  onEnter,
}: {
  value: string;
  onChange: (value: string) => void;
  /** Also given the text box (a live story binds it: components/editor/live-story.ts). */
  inputRef?: RefCallback<HTMLTextAreaElement>;
  errors: string[] | undefined;
  onEnter?: () => void;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const bind = useCallback(
    (element: HTMLTextAreaElement | null) => {
      ref.current = element;
      inputRef?.(element);
    },
    [inputRef],
  );
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${element.scrollHeight + 2}px`;
  }, [value]);
  const length = value.trim().length;
  const over = length > HEADLINE_TARGET;
  const describedBy = ["headline-count", errors?.length ? "headline-error" : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor="headline" className="block text-sm font-semibold">
        Headline
      </label>
      <textarea
        ref={bind}
        id="headline"
        rows={1}
        value={value}
        maxLength={HEADLINE_MAX}
        onChange={(event) => onChange(event.target.value.replace(/[\r\n]+/g, " "))}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            onEnter?.();
          }
        }}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        placeholder="Write the headline"
        className="mt-1 block w-full resize-none overflow-hidden rounded border border-transparent bg-transparent px-1 py-1 font-serif text-3xl font-bold leading-tight hover:border-[var(--rule)] focus:border-[var(--rule)] aria-[invalid=true]:border-[var(--accent)]"
      />
      <p id="headline-count" className={`mt-1 text-xs ${over ? "font-semibold text-[var(--accent)]" : "text-[var(--muted)]"}`}>
        {length} of {HEADLINE_TARGET} characters{over ? " — over the target: readers and search results may cut it" : ""}
      </p>
      <FieldError id="headline-error" errors={errors} />
    </div>
  );
}
