import type { StackHandle, StoredMail } from "./local-stack.ts";
import { waitFor } from "./proposals.ts";

/** Helpers of the approver tests: browser-like requests with the sign-in cookie, links of mails. */
export interface Page {
  status: number;
  html: string;
  location: string | null;
  bytes: number;
}

export async function page(
  stack: StackHandle,
  method: "GET" | "POST",
  path: string,
  o: { user?: string; form?: Record<string, string> } = {},
): Promise<Page> {
  const headers: Record<string, string> = {};
  if (o.user) headers.cookie = `p8_token=${await stack.token(o.user)}`;
  let body: string | undefined;
  if (o.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(o.form).toString();
  }
  const url = path.startsWith("http") ? path : `${stack.urls.api}${path}`;
  const res = await fetch(url, { method, headers, redirect: "manual", ...(body ? { body } : {}) });
  const buf = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    html: buf.toString("utf8"),
    location: res.headers.get("location"),
    bytes: buf.length,
  };
}

export const csrfOf = (html: string): string =>
  /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

/** The path of a link URL (/l/<id>), whatever host the stack put in it. */
export const pathOf = (url: string): string => new URL(url).pathname + new URL(url).search;

export const linksIn = (m: StoredMail): string[] =>
  m.links.filter((l) => l.includes("/l/") || l.includes("/app/"));

/** The decision link mailed to `username` for the proposal `reference` (the newest one). */
export async function linkFor(
  stack: StackHandle,
  username: string,
  reference: string,
  subjectPart = "chờ thẩm định",
): Promise<string> {
  const mail = await waitFor(`mail to ${username} about ${reference}`, async () =>
    (await stack.mails()).find(
      (m) =>
        m.to.some((t) => t.startsWith(`${username}@`)) &&
        m.subject.includes(reference) &&
        m.subject.includes(subjectPart),
    ),
  );
  const link = mail.links.find((l) => l.includes("/l/"));
  if (!link) throw new Error(`no decision link in the mail to ${username}`);
  return pathOf(link);
}

/** Signs in as `user`, opens the link and posts the decision form. */
export async function decideByLink(
  stack: StackHandle,
  linkPath: string,
  user: string,
  decision: string,
  comment?: string,
): Promise<Page> {
  const opened = await page(stack, "GET", linkPath, { user });
  return page(stack, "POST", linkPath, {
    user,
    form: { _csrf: csrfOf(opened.html), op: "decide", decision, ...(comment ? { comment } : {}) },
  });
}
