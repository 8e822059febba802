// How long an admin can suspend someone for, from the people page (lib/people/mutations.ts accepts
// anything from an hour to a year).

/** The suspension lengths the form offers, in hours. */
export const SUSPENSION_CHOICES: ReadonlyArray<{ hours: number; label: string }> = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "1 week" },
  { hours: 720, label: "30 days" },
  { hours: 8760, label: "1 year" },
];
