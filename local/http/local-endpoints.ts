import type { IncomingMessage, ServerResponse } from "node:http";
import { advanceClock, clockState } from "../clock-store.ts";
import { page } from "../html.ts";
import type { LocalIdentity } from "../identity.ts";
import { inboxPage, messagePage } from "../mail/inbox.ts";
import type { MailStore } from "../mail/store.ts";
import { loginPage, safeNext, TOKEN_COOKIE, tokenCookie } from "./login.ts";
import { sendHtml, sendJson } from "./result.ts";

export interface LocalEndpointsDeps {
  dataDir: string;
  identity: LocalIdentity;
  mail: MailStore;
  /** Extra facts for GET /_local/health (urls, schedules). */
  health: () => Record<string, unknown>;
  /** Waits for the work a clock advance set off (schedules, executions) to settle. */
  settle?: () => Promise<void>;
}

function parseBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (!text) return {};
  if ((req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/**
 * Local-only endpoints under /_local/: health, the controllable clock, the mail inbox, the
 * token issuer and the demo sign-in. None of them exists on AWS. Returns false when the
 * path is not one of them.
 */
export async function handleLocal(
  deps: LocalEndpointsDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<boolean> {
  const method = req.method ?? "GET";
  const p = url.pathname;
  const route = `${method} ${p}`;

  if (route === "GET /_local/" || route === "GET /_local") {
    sendHtml(res, 200, indexPage());
  } else if (route === "GET /_local/health") {
    sendJson(res, 200, { ok: true, ...deps.health() });
  } else if (p === "/_local/clock" && (method === "GET" || method === "POST")) {
    if (method === "POST") {
      let seconds: unknown;
      try {
        seconds = parseBody(req, body).advanceSeconds;
      } catch {
        seconds = undefined;
      }
      if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
        sendJson(res, 400, { message: 'expected {"advanceSeconds": <non-negative number>}' });
        return true;
      }
      await advanceClock(deps.dataDir, seconds);
      // Answer after what the advance triggered has run, so tests can assert right away.
      await deps.settle?.();
    }
    sendJson(res, 200, clockState());
  } else if (route === "GET /_local/mail") {
    sendHtml(res, 200, inboxPage(await deps.mail.list()));
  } else if (route === "GET /_local/mail.json") {
    sendJson(res, 200, await deps.mail.list());
  } else if (route === "DELETE /_local/mail") {
    await deps.mail.clear();
    sendJson(res, 200, { deleted: true });
  } else if (route === "POST /_local/mail/clear") {
    await deps.mail.clear();
    res.writeHead(303, { location: "/_local/mail" }).end();
  } else if (method === "GET" && p.startsWith("/_local/mail/")) {
    const mail = await deps.mail.get(decodeURIComponent(p.slice("/_local/mail/".length)));
    if (mail) sendHtml(res, 200, messagePage(mail));
    else sendJson(res, 404, { message: "Not Found" });
  } else if (route === "GET /_local/auth/.well-known/jwks.json") {
    sendJson(res, 200, deps.identity.jwks);
  } else if (route === "POST /_local/auth/token") {
    await issue(deps, res, () => parseBody(req, body).username);
  } else if (route === "GET /_local/login") {
    sendHtml(res, 200, loginPage(safeNext(url.searchParams.get("next"))));
  } else if (route === "POST /_local/login") {
    const form = parseBody(req, body);
    try {
      const token = await deps.identity.issueToken(String(form.username ?? ""));
      res.writeHead(303, {
        location: safeNext(typeof form.next === "string" ? form.next : "/"),
        "set-cookie": tokenCookie(token),
      });
      res.end();
    } catch {
      sendHtml(
        res,
        400,
        loginPage(
          safeNext(typeof form.next === "string" ? form.next : "/"),
          "Không đăng nhập được: tài khoản không tồn tại, chưa được kích hoạt hoặc đã bị khoá. (No such user, not yet active, or disabled.)",
        ),
      );
    }
  } else if (method === "GET" && p === "/_local/logout") {
    res.writeHead(303, {
      location: "/_local/login",
      "set-cookie": `${TOKEN_COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0`,
    });
    res.end();
  } else {
    return false;
  }
  return true;
}

/**
 * The root of the local stack (GET or HEAD /): where to start. Not a template route: on AWS
 * the API's root has no route; locally it links what a newcomer looks for first.
 */
export function rootPage(): string {
  const links: [string, string, string][] = [
    ["/_local/login", "Đăng nhập (người dùng mẫu)", "Sign in (demo users)"],
    ["/app", "Trang chủ theo vai trò", "Each role's landing page"],
    ["/app/tasks", "Hộp việc thẩm định", "Approvers' task inbox"],
    ["/_local/mail", "Hộp thư cục bộ", "Local mail inbox"],
    ["/docs", "Tài liệu API", "API reference"],
    ["/v1", "Gốc của API (JSON)", "API base (JSON)"],
    ["/_local/", "Công cụ máy cục bộ", "Local tools (clock, health)"],
  ];
  const items = links
    .map(([href, vi, en]) => `<li><a href="${href}">${vi}</a> <span class="en">${en}</span></li>`)
    .join("");
  return page(
    "Dự án 8 (cục bộ)",
    `<h1>Dự án 8: đề xuất, thẩm định, giải ngân <span class="en">Project 8, local stack</span></h1><ul>${items}</ul>`,
  );
}

function indexPage(): string {
  const links: [string, string, string][] = [
    ["/_local/login", "Đăng nhập bằng người dùng mẫu", "Sign in as a demo user"],
    ["/_local/mail", "Hộp thư cục bộ", "Local inbox"],
    ["/docs", "Tài liệu API", "API reference"],
    ["/_local/clock", "Đồng hồ (JSON)", "Clock (JSON)"],
    ["/_local/health", "Tình trạng (JSON)", "Health (JSON)"],
  ];
  const items = links
    .map(([href, vi, en]) => `<li><a href="${href}">${vi}</a> <span class="en">${en}</span></li>`)
    .join("");
  return page(
    "Project 8 (cục bộ)",
    `<h1>Project 8: máy cục bộ <span class="en">local stack</span></h1><ul>${items}</ul>`,
  );
}

async function issue(deps: LocalEndpointsDeps, res: ServerResponse, username: () => unknown) {
  let name: unknown;
  try {
    name = username();
  } catch {
    name = undefined;
  }
  if (typeof name !== "string") {
    sendJson(res, 400, { message: 'expected {"username": "<demo user>"}' });
    return;
  }
  try {
    const token = await deps.identity.issueToken(name);
    sendJson(res, 200, { username: name, token, tokenType: "Bearer", expiresIn: 12 * 3600 });
  } catch (error) {
    sendJson(res, 400, { message: (error as Error).message });
  }
}
