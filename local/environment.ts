import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The local personal-data key: 32 random bytes, base64 in a file, created on first start and
 * kept with the data (a new key would make stored personal data unreadable). Functions that
 * seal or read personal data get its path (local/lambda/environment.ts, LOCAL_REPLACEMENTS).
 */
export async function ensurePersonalDataKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "keys", "personal-data.key");
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (Buffer.from(existing, "base64").length === 32) return file;
    throw new Error(`${file} does not hold a base64 32-byte key; start with --fresh`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  return file;
}
