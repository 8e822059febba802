// The look of the sections, bylines and tags pages' fields and buttons.

export const fieldClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5";
export const buttonClass = "rounded border border-[var(--ink)] px-3 py-1.5 font-semibold disabled:opacity-50";
