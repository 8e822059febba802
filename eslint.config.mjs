import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  // Layers (docs/architecture.md, "Layers"); tests/architecture/layers.test.ts lints a violation of
  // each. These use @typescript-eslint/no-restricted-imports, for its allowTypeImports: in flat
  // config a rule set in two blocks that match one file keeps only the later block's options.
  {
    // The database: lib/ reaches it and checks who may do what; pages, components and the files at
    // the root go through lib/. Tests, seeds and scripts may use it directly. The generated client's
    // enums are plain string unions, so their types may be imported anywhere.
    name: "newsdesk/layers/database-in-lib-only",
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    ignores: ["lib/**", "tests/**", "e2e/**", "scripts/**", "prisma/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "pg", message: "Only lib/ talks to the database: call a lib/ function that checks the actor." },
            {
              name: "@/lib/comments/settings",
              importNames: ["cachedCommentSettings"],
              message: "Only lib/ talks to the database: the word lists are for admins, through getCommentSettings(actor).",
            },
          ],
          patterns: [
            { regex: "^@prisma/", message: "Only lib/ talks to the database: call a lib/ function that checks the actor." },
            { regex: "(^|/)lib/db(\\.ts)?$", message: "Only lib/ talks to the database: call a lib/ function that checks the actor." },
            {
              regex: "(^|/)lib/generated/",
              allowTypeImports: true,
              message: "Only lib/ uses the generated Prisma client; `import type` its enums if you need their names.",
            },
          ],
        },
      ],
    },
  },
  {
    // lib/ is below the pages and components; scripts and seeds use lib/ as they are run outside Next.
    name: "newsdesk/layers/lib-below-app",
    files: ["lib/**", "scripts/**", "prisma/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/(app|components)(/|$)|^(\\.\\./)+(app|components)(/|$)",
              message: "lib/, scripts/ and prisma/ never import from app/ or components/: move what both need into lib/.",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Layering: app/ (routes, pages, layouts) sits on top of components/ and lib/; neither reaches
  // back up into it. Server actions and their form-state types live in lib/actions/. Written with
  // no-restricted-syntax rather than no-restricted-imports so that other blocks' own
  // no-restricted-imports settings for these files cannot override it (a later block's options
  // replace an earlier one's for the same rule). tests/architecture/components-layer.test.ts checks
  // that a violation is reported.
  {
    files: ["components/**/*.{ts,tsx,js,jsx,mjs}", "lib/**/*.{ts,tsx,js,jsx,mjs}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["ImportDeclaration", "ExportNamedDeclaration", "ExportAllDeclaration", "ImportExpression"].map((node) => ({
          selector: `${node}[source.value=/^(@\\/app\\/|(\\.\\.?\\/)+app\\/)/]`,
          message: "components/ and lib/ do not import from app/: server actions and their form-state types live in lib/actions/.",
        })),
      ],
    },
  },
]);
