import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
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
