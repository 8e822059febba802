/** The message beside a form field; the field points at it with aria-describedby. */
export function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm font-semibold text-[var(--accent)]">
      {errors.join(" ")}
    </p>
  );
}
