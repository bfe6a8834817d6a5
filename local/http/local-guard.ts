import type { IncomingHttpHeaders } from "node:http";

/**
 * The gate in front of the local-only endpoints under /_local/ (token issuer, demo sign-in,
 * clock, faults, mail). They mint admin tokens and move the clock, so a page of another site
 * open in the developer's browser must not reach them:
 *
 * - Host must be this server's own address (127.0.0.1 or localhost with the stack's port).
 *   A DNS-rebinding page (evil.example resolving to 127.0.0.1) sends `Host: evil.example`.
 * - Origin, when present, must be this same origin. Browsers send Origin on every cross-site
 *   POST (and "null" from a sandboxed or no-referrer page); curl, tests and scripts send none.
 * - A POST carries application/json, except the two HTML forms of the local pages (the demo
 *   sign-in, "delete all mail"). A cross-site page can send text/plain or a form without a
 *   CORS preflight, never application/json; and the forms are covered by the Origin rule.
 */
export interface LocalRefusal {
  status: 403 | 415;
  message: string;
}

/** POSTs that are HTML form submissions of the local pages themselves. */
export const LOCAL_FORM_POSTS: ReadonlySet<string> = new Set([
  "/_local/login",
  "/_local/mail/clear",
]);

const LOOPBACK_NAMES = ["127.0.0.1", "localhost"];

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function checkLocalRequest(req: {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The port this server listens on. */
  port: number;
}): LocalRefusal | undefined {
  const host = (single(req.headers.host) ?? "").toLowerCase();
  const allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${req.port}`);
  if (!allowedHosts.includes(host)) {
    return {
      status: 403,
      message: `local endpoints answer only at ${allowedHosts.join(" or ")}, not at Host "${host.slice(0, 100)}"`,
    };
  }
  const origin = single(req.headers.origin);
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
    return {
      status: 403,
      message: `local endpoints refuse requests from another origin (${origin.slice(0, 100)})`,
    };
  }
  if (req.method === "POST") {
    const type = mediaType(single(req.headers["content-type"]));
    const form = LOCAL_FORM_POSTS.has(req.path) && type === "application/x-www-form-urlencoded";
    if (type !== "application/json" && !form) {
      return {
        status: 415,
        message: `POST ${req.path} takes application/json, not "${type.slice(0, 100) || "no content type"}"`,
      };
    }
  }
  return undefined;
}
