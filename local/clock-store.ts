import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { clock } from "../shared/clock.ts";

const fileOf = (dataDir: string) => path.join(dataDir, "clock.json");

/**
 * Restores the clock offset saved by an earlier run, so advanced time survives a restart. A
 * new data folder may start at a fixed instant (env LOCAL_CLOCK_START, ISO-8601): tests do,
 * so that the norm sets in force do not depend on the day the suite runs.
 */
export async function restoreClock(
  dataDir: string,
  start = process.env.LOCAL_CLOCK_START,
): Promise<void> {
  try {
    const saved = JSON.parse(await readFile(fileOf(dataDir), "utf8")) as { offsetMs?: unknown };
    if (typeof saved.offsetMs === "number") clock.setOffset(saved.offsetMs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (start) {
      const at = Date.parse(start);
      if (Number.isNaN(at))
        throw new Error(`LOCAL_CLOCK_START is not an ISO-8601 instant: ${start}`);
      clock.setOffset(at - Date.now());
      await mkdir(dataDir, { recursive: true });
      await writeFile(fileOf(dataDir), JSON.stringify({ offsetMs: clock.offsetMs() }));
    }
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
