// Sentences about sections shown to people, each written once. No imports.

export const SECTION_NOT_FOUND = "That section does not exist.";
