import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { WebRegistryDuplicates } from "../../shared/registry/routes.ts";
import { duplicateQueue } from "../../shared/registry/use-cases/merge.ts";
import { type PageCtx, type PageResult, pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { localTime } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { kindLabel, registryNav, rt } from "./registry-views.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };
const ACTION = "/app/registry/duplicates";

type Shown = {
  id: string;
  name?: string;
  communeId?: string;
  kind?: Parameters<typeof kindLabel>[1];
};

/** The province's review queue: each flagged entry with its candidates, a merge and a dismiss form. */
export async function renderDuplicates(
  ctx: PageCtx,
  s: WebSession,
  status = 200,
  message?: { text: string; kind: "ok" | "error" },
): Promise<PageResult> {
  const lang = ctx.lang;
  const queue = await duplicateQueue(ports, s.actor);
  const csrf = csrfToken(s, ACTION);
  const hidden = (n: string, v: string) => `<input type="hidden" name="${n}" value="${esc(v)}">`;
  const line = (e: Shown | undefined) =>
    e
      ? `<a href="/app/registry/${encodeURIComponent(e.id)}">${esc(e.id)}</a>${e.name ? ` · ${esc(e.name)}` : ""}${e.communeId ? ` · ${esc(e.communeId)}` : ""}`
      : "";
  const parts = [
    registryNav(lang, { province: true, importing: true }),
    `<h1>${esc(rt(lang, "duplicates"))}</h1>`,
  ];
  if (message)
    parts.push(
      `<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${esc(message.text)}</p>`,
    );
  if (ctx.query("done") === "merged")
    parts.push(`<p class="notice ok" role="status">${esc(rt(lang, "merged"))}</p>`);
  if (ctx.query("done") === "dismissed")
    parts.push(`<p class="notice ok" role="status">${esc(rt(lang, "dismissed"))}</p>`);
  if (queue.flags.length === 0) parts.push(`<p>${esc(rt(lang, "noDuplicates"))}</p>`);
  for (const f of queue.flags) {
    const entry = f.entry as Shown | undefined;
    const candidates = f.candidates as Shown[];
    const options = [f.entryId, ...candidates.map((c) => c.id)];
    parts.push(
      `<section class="notice"><h2>${esc(kindLabel(lang, f.kind))}</h2><p>${esc(rt(lang, "flagged"))} (${esc(localTime(lang, f.createdAt))}): ${line(entry ?? { id: f.entryId })}</p><p>${esc(rt(lang, "candidates"))}:</p><ul>${candidates.map((c) => `<li>${line(c)}</li>`).join("")}</ul>`,
      `<form method="post" action="${ACTION}">${hidden("_csrf", csrf)}${hidden("op", "merge")}<fieldset><legend>${esc(rt(lang, "keep"))}</legend>${options.map((id, i) => `<label><input type="radio" name="keepId" value="${esc(id)}"${i === 1 ? " checked" : ""} required> ${esc(id)}</label>`).join("")}</fieldset><fieldset><legend>${esc(rt(lang, "mergeAway"))}</legend>${options.map((id, i) => `<label><input type="radio" name="mergeId" value="${esc(id)}"${i === 0 ? " checked" : ""} required> ${esc(id)}</label>`).join("")}</fieldset><label>${esc(rt(lang, "reason"))} *<input type="text" name="reason" required maxlength="500"></label><p><button type="submit">${esc(rt(lang, "merge"))}</button></p></form>`,
      `<form method="post" action="${ACTION}">${hidden("_csrf", csrf)}${hidden("op", "dismiss")}${hidden("id", f.entryId)}<label>${esc(rt(lang, "reason"))} *<input type="text" name="reason" required maxlength="500"></label><p><button type="submit" class="secondary">${esc(rt(lang, "dismiss"))}</button></p></form></section>`,
    );
  }
  return ctx.page(status, rt(lang, "duplicates"), parts.join(""));
}

/** GET /app/registry/duplicates: the province officer's duplicate review. */
export const { handler, lambdaHandler } = pageHandler(WebRegistryDuplicates, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  return renderDuplicates(ctx, s);
});
