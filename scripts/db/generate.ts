// Runs `prisma generate` so that it also works without internet access.
//
// The Prisma 7 CLI insists on downloading its native schema engine before any
// command, `generate` included, although `generate` never runs it. When
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file the download is skipped.
// We point it at the wasm schema engine we migrate with (scripts/db/migrations.ts),
// which is always installed. A value the user already set is left alone, so a
// machine with a real engine binary keeps using it.
//
// This is the `postinstall` and `db:generate` script.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function placeholderEngine(): string {
  try {
    // The package's exports map hides the .wasm file, so go through its entry.
    const wasm = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    if (existsSync(wasm)) return wasm;
  } catch {
    // fall through
  }
  // Any existing file will do; this script is guaranteed to exist.
  return fileURLToPath(import.meta.url);
}

const env: NodeJS.ProcessEnv = { ...process.env };
const preset = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!preset || !existsSync(preset)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholderEngine();
}

// Run the CLI's JS entry with this Node rather than node_modules/.bin/prisma,
// which is a shell shim on some platforms.
const prismaCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");

const result = spawnSync(process.execPath, [prismaCli, "generate", ...process.argv.slice(2)], {
  cwd: repoRoot,
  env,
  stdio: "inherit",
});

if (result.error) {
  console.error(`Could not run prisma generate: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
