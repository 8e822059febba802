import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever the current directory is. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where local state lives: the embedded database, the auth secret, uploaded media. */
export function dataDir(): string {
  return path.resolve(process.env.NEWSDESK_DATA_DIR ?? path.join(ROOT, ".data"));
}
