import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** One received message, as stored in `<dataDir>/mail/<id>.json`. */
export interface StoredMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link of the HTML and text bodies, in order, without duplicates. */
  links: string[];
  /** ISO-8601 UTC time the local SMTP server received it. */
  date: string;
}

export interface MailStore {
  save(mail: Omit<StoredMail, "id">): Promise<StoredMail>;
  /** Newest first. */
  list(): Promise<StoredMail[]>;
  get(id: string): Promise<StoredMail | undefined>;
  clear(): Promise<void>;
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;

/** Links a person could follow: href targets first, then bare URLs in the text. */
export function extractLinks(html: string, text: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    if (m[1] && /^https?:\/\//i.test(m[1])) links.push(decodeEntities(m[1]));
  }
  for (const m of text.matchAll(/https?:\/\/[^\s<>"')\]]+/gi)) links.push(m[0]);
  return [...new Set(links)];
}

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/gi, "/")
    .replace(/&#47;/g, "/");

/** A mailbox kept as one JSON file per message, so the inbox survives restarts. */
export function createMailStore(dir: string): MailStore {
  const fileOf = (id: string) => path.join(dir, `${id}.json`);
  const ready = mkdir(dir, { recursive: true });
  return {
    async save(mail) {
      await ready;
      // Received time first in the id, so that file names sort by arrival.
      const id = `${Date.now()}-${randomBytes(4).toString("hex")}`;
      const stored: StoredMail = { id, ...mail };
      await writeFile(fileOf(id), JSON.stringify(stored, null, 2));
      return stored;
    },
    async list() {
      await ready;
      const names = (await readdir(dir))
        .filter((n) => n.endsWith(".json"))
        .sort()
        .reverse();
      const mails = await Promise.all(
        names.map(async (n) => JSON.parse(await readFile(path.join(dir, n), "utf8")) as StoredMail),
      );
      return mails;
    },
    async get(id) {
      if (!ID_PATTERN.test(id)) return undefined;
      try {
        return JSON.parse(await readFile(fileOf(id), "utf8")) as StoredMail;
      } catch {
        return undefined;
      }
    },
    async clear() {
      await ready;
      const names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
      await Promise.all(names.map((n) => rm(path.join(dir, n), { force: true })));
    },
  };
}
