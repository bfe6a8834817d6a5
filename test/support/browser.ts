/**
 * Real Chromium for the browser tests (the system's /usr/bin/chromium through playwright-core),
 * in Vietnamese and in Hanoi's time zone, each context in a profile folder of its own.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Screenshots go to a temporary folder; `npm run screenshots` sets SCREENSHOT_DIR to
 * docs/screenshots/ to refresh the README's pictures. A plain test run never writes tracked files.
 */
export const SHOTS = process.env.SCREENSHOT_DIR
  ? path.resolve(process.env.SCREENSHOT_DIR)
  : path.join(tmpdir(), "p8-screenshots");

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** Opens Chromium contexts and removes their profiles on `dispose()` (call it in afterAll). */
export function chromiumContexts() {
  const dirs: string[] = [];
  return {
    async open(viewport: { width: number; height: number }): Promise<BrowserContext> {
      await mkdir(SHOTS, { recursive: true });
      const dir = await mkdtemp(path.join(tmpdir(), "p8-chromium-"));
      dirs.push(dir);
      return chromium.launchPersistentContext(dir, {
        executablePath: "/usr/bin/chromium",
        headless: true,
        args: ARGS,
        viewport,
        locale: "vi-VN",
        timezoneId: "Asia/Ho_Chi_Minh",
      });
    },
    async dispose(): Promise<void> {
      // Chromium's helper processes may still write to the profile for a moment after the
      // context closes (ENOTEMPTY on a first rmdir): retry as rm(1)'s callers would.
      for (const d of dirs.splice(0)) {
        await rm(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    },
  };
}

/** No horizontal scrolling: the page fits a screen `width` pixels wide. */
export async function fitsWidth(p: Page, width: number): Promise<void> {
  expect(await p.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
}
