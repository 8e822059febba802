// Sentences about people and their accounts shown to admins and moderators, each written once. No
// imports: the people page's client components use them too.

export const PERSON_NOT_FOUND = "That person does not exist.";
export const ADMINS_ONLY_LIST = "Only admins can see the people list.";
export const GIVE_A_REASON = "Give a reason: the person is told it.";
export const CONFIRM_FIRST = "Confirm the change in the dialog first: nothing was changed.";

/** People actions refuse an API key's account: its key is changed or revoked where it was made. */
export function integrationAccount(name: string): string {
  return `This account belongs to the integration “${name}”: it is changed or revoked with its key under Settings, Integrations. Nothing was changed.`;
}
