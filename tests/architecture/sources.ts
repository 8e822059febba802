// Reading the repository's own source for the architecture tests: which lib/ modules there are,
// what they import and which functions they export. TypeScript's parser, not regular expressions,
// so a comment or a string that looks like an import is not taken for one.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Source files under a folder of the repository (relative paths), without tests or generated code. */
export function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (relative !== "lib/generated") walk(relative);
      } else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.mts")) {
        files.push(relative);
      }
    }
  };
  walk(folder);
  return files.sort();
}

export function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
}

export interface ImportInfo {
  specifier: string;
  /** `import type …`, or every name imported is `type …`. */
  typeOnly: boolean;
}

export function importsOf(source: ts.SourceFile): ImportInfo[] {
  const imports: ImportInfo[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
    const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((element) => element.isTypeOnly))));
    imports.push({ specifier: statement.moduleSpecifier.text, typeOnly });
  }
  return imports;
}

/** The modules a file loads with `import("…")`. */
export function dynamicImportsOf(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) specifiers.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Importing any of these, even for a type, makes a module part of the database layer. */
export function isDatabaseImport(specifier: string): boolean {
  return specifier === "pg" || specifier.startsWith("@prisma/") || /(^|\/)lib\/db(\.ts)?$/.test(specifier) || /(^|\/)lib\/generated\/prisma\/(client|internal|models)/.test(specifier);
}

export function importsServerOnly(source: ts.SourceFile): boolean {
  return importsOf(source).some((entry) => entry.specifier === "server-only");
}

export interface ExportedFunction {
  name: string;
  parameters: ts.NodeArray<ts.ParameterDeclaration>;
  body: ts.Node | undefined;
}

/** Functions a module exports: `export function f` and `export const f = (…) => …`. */
export function exportedFunctions(source: ts.SourceFile): ExportedFunction[] {
  const functions: ExportedFunction[] = [];
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.push({ name: statement.name.text, parameters: statement.parameters, body: statement.body });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const value = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) {
          functions.push({ name: declaration.name.text, parameters: value.parameters, body: value.body });
        }
      }
    }
  }
  return functions;
}

/** Every top-level function of a module, exported or not, by name, with its body. */
export function topLevelFunctions(source: ts.SourceFile): Map<string, ts.Node> {
  const functions = new Map<string, ts.Node>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) functions.set(statement.name.text, statement.body);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) functions.set(declaration.name.text, declaration.initializer);
      }
    }
  }
  return functions;
}

/** Identifiers used inside a node. */
export function identifiersIn(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (child: ts.Node) => {
    if (ts.isIdentifier(child)) names.add(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}
