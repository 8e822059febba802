// The fields of the desk's GET filter forms (the story board, the people list): a search box that
// says why a search was refused, and "Any …" selects. Each page places them in its own grid and
// gives them its own field class.

/** The search box, named `q`: a refused search is marked invalid and points at the page's reason (#search-problem). */
export function SearchField({ label, query, problem, className }: { label: string; query: string; problem: string | null; className: string }) {
  return (
    <>
      <label htmlFor="q" className="font-semibold">
        {label}
      </label>
      <input
        id="q"
        name="q"
        type="search"
        // A refused search comes back without the characters it was refused for.
        defaultValue={problem ? query.replace(/[\p{Cc}\p{Cs}]/gu, "") : query}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "search-problem" : undefined}
        className={className}
      />
    </>
  );
}

/** A select whose first choice, the empty value, is `anyLabel` ("Any section"). */
export function FilterSelect({
  id,
  name,
  label,
  anyLabel,
  value,
  options,
  className,
}: {
  id: string;
  name: string;
  label: string;
  anyLabel: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  className: string;
}) {
  return (
    <>
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={className}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}
