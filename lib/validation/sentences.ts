// Sentences any form may show, each written once. No imports.

export const CHOOSE_YES_OR_NO = "Choose yes or no.";
