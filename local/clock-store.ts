import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { clock } from "../shared/clock.ts";

const fileOf = (dataDir: string) => path.join(dataDir, "clock.json");

/** Restores the clock offset saved by an earlier run, so advanced time survives a restart. */
export async function restoreClock(dataDir: string): Promise<void> {
  try {
    const saved = JSON.parse(await readFile(fileOf(dataDir), "utf8")) as { offsetMs?: unknown };
    if (typeof saved.offsetMs === "number") clock.setOffset(saved.offsetMs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/** Moves the shared clock forward and saves the new offset. Returns the new now. */
export async function advanceClock(dataDir: string, seconds: number): Promise<number> {
  const now = clock.advance(seconds * 1000);
  await mkdir(dataDir, { recursive: true });
  await writeFile(fileOf(dataDir), JSON.stringify({ offsetMs: clock.offsetMs() }));
  return now;
}

/** What GET/POST /_local/clock answer. */
export function clockState() {
  return { now: clock.iso(), nowMs: clock.nowMs(), offsetMs: clock.offsetMs() };
}
