import { can } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import type { FieldError } from "../../shared/kernel/errors.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import type { Beneficiary, Member } from "../../shared/registry/domain/beneficiary.ts";
import { WebRegistryEntry } from "../../shared/registry/routes.ts";
import { loadEntry, scopeOfEntry } from "../../shared/registry/use-cases/common.ts";
import { hasPersonalData } from "../../shared/registry/views.ts";
import { type PageCtx, type PageResult, pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { type Lang, localTime, money } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { entryForm, kindLabel, optionLabel, registryNav, rt } from "./registry-views.ts";

const ports = { registry: dynamoRegistryStore, directory: dynamoDirectory };

export interface EntryMessage {
  text: string;
  kind: "ok" | "error";
  /** Which form the message belongs to, re-filled with what was posted. */
  form?: string;
  values?: URLSearchParams;
  errors?: FieldError[];
}

const dt = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${value}</dd>`;
const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${name}" value="${esc(value)}">`;

function facts(lang: Lang, b: Beneficiary): string {
  const rows = [dt(rt(lang, "id"), esc(b.id)), dt(rt(lang, "kind"), esc(kindLabel(lang, b.kind)))];
  const d = b.details as unknown as Record<string, unknown>;
  const show = (key: Parameters<typeof rt>[1], value: unknown, group?: string) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    const text = Array.isArray(value)
      ? value.map((x) => (group ? optionLabel(lang, group, String(x)) : String(x))).join(", ")
      : group
        ? optionLabel(lang, group, String(value))
        : String(value);
    rows.push(dt(rt(lang, key), esc(text)));
  };
  show("status", d.status, "status");
  show("statusSince", d.statusSince);
  show("village", d.village);
  show("foundedOn", d.foundedOn);
  show("facilitator", d.facilitator);
  show("galsSince", d.galsSince);
  show("leadership", d.leadership, "leadership");
  if ("memberCounts" in b.details) {
    const counts = b.details.memberCounts
      .map((c) => `${optionLabel(lang, "gender", c.gender)} ${c.ethnicity}: ${c.count}`)
      .join("; ");
    if (counts) rows.push(dt(rt(lang, "members"), esc(counts)));
  }
  show("products", d.products);
  show("origin", d.origin, "origin");
  show("since", d.since);
  show("listedOn", d.listedOn);
  show("needs", d.needs, "needs");
  if (b.pseudonym) rows.push(dt(rt(lang, "pseudonym"), esc(b.pseudonym)));
  if (hasPersonalData(b)) rows.push(dt("", esc(rt(lang, "personalHidden"))));
  if (b.incomplete?.length)
    rows.push(
      dt(rt(lang, "incomplete"), `<span class="late">${esc(b.incomplete.join(", "))}</span>`),
    );
  if (b.duplicateOf?.length)
    rows.push(dt(rt(lang, "duplicateOf"), b.duplicateOf.map(link).join(", ")));
  if (b.mergedFrom?.length)
    rows.push(dt(rt(lang, "mergedFrom"), b.mergedFrom.map(link).join(", ")));
  return `<dl>${rows.join("")}</dl>`;
}

const link = (id: string) => `<a href="/app/registry/${encodeURIComponent(id)}">${esc(id)}</a>`;

function memberForm(
  lang: Lang,
  action: string,
  csrf: string,
  op: string,
  m: Partial<Member> | undefined,
  submit: string,
  values?: URLSearchParams,
): string {
  const v = (k: string, fallback?: unknown) =>
    values?.get(k) ?? (fallback === undefined ? "" : String(fallback));
  const field = (k: string, label: string, type = "text", required = false) =>
    `<label>${esc(label)}${required ? " *" : ""}<input type="${type}" name="${k}" value="${esc(v(k, (m as Record<string, unknown> | undefined)?.[k]))}"${required ? " required" : ""}></label>`;
  const g = v("gender", m?.gender ?? "female");
  return `<form method="post" action="${esc(action)}">${hidden("_csrf", csrf)}${hidden("op", op)}${m?.id ? hidden("memberId", m.id) + hidden("memberVersion", String(m.version ?? "")) : ""}${field("name", rt(lang, "memberName"), "text", true)}<label>${esc(rt(lang, "gender"))}<select name="gender">${["female", "male"].map((x) => `<option value="${x}"${x === g ? " selected" : ""}>${esc(optionLabel(lang, "gender", x))}</option>`).join("")}</select></label>${field("birthYear", rt(lang, "birthYear"), "number")}${field("ethnicity", rt(lang, "ethnicity"))}${field("joinedOn", rt(lang, "joinedOn"), "date")}${field("leftOn", rt(lang, "leftOn"), "date")}<p><button type="submit">${esc(submit)}</button></p></form>`;
}

function membersSection(
  lang: Lang,
  b: Beneficiary,
  members: Member[],
  o: {
    withNames: boolean;
    canEdit: boolean;
    action: string;
    csrf: string;
    selected?: string;
    message?: EntryMessage;
  },
): string {
  const rows = members
    .map(
      (m) =>
        `<tr><td>${o.canEdit ? `<a href="/app/registry/${encodeURIComponent(b.id)}?member=${encodeURIComponent(m.id)}#member">${esc(m.id)}</a>` : esc(m.id)}</td><td>${esc(o.withNames ? m.name : rt(lang, "nameHidden"))}</td><td>${esc(optionLabel(lang, "gender", m.gender))}</td><td>${m.birthYear ?? ""}</td><td>${esc(m.ethnicity ?? "")}</td><td>${m.introductions.length}</td><td>${m.supports.length}</td></tr>`,
    )
    .join("");
  const parts = [
    `<h2>${esc(rt(lang, "members"))} · ${members.length}</h2>`,
    `<div style="overflow-x:auto"><table><thead><tr><th>${esc(rt(lang, "id"))}</th><th>${esc(rt(lang, "name"))}</th><th>${esc(rt(lang, "gender"))}</th><th>${esc(rt(lang, "birthYear"))}</th><th>${esc(rt(lang, "ethnicity"))}</th><th title="${esc(rt(lang, "introductions"))}">${esc(rt(lang, "introShort"))}</th><th title="${esc(rt(lang, "supports"))}">${esc(rt(lang, "supportShort"))}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
  ];
  if (!o.canEdit) return parts.join("");
  const addOpen = o.message?.form === "addMember";
  parts.push(
    `<details${addOpen ? " open" : ""}><summary>${esc(rt(lang, "addMember"))}</summary>${memberForm(lang, o.action, o.csrf, "addMember", undefined, rt(lang, "addMember"), addOpen ? o.message?.values : undefined)}</details>`,
  );
  const m = members.find((x) => x.id === o.selected);
  if (m) {
    const list = (items: { label: string; on: string }[], op: string) =>
      items.length
        ? `<ul>${items
            .map(
              (x, i) =>
                `<li>${esc(x.label)} · ${esc(x.on)} <form method="post" action="${esc(o.action)}" class="inline">${hidden("_csrf", o.csrf)}${hidden("op", op)}${hidden("memberId", m.id)}${hidden("memberVersion", String(m.version))}${hidden("index", String(i))}<label>${esc(rt(lang, "correctionReason"))}<input type="text" name="correctionReason" required maxlength="500"></label><button type="submit" class="secondary">${esc(rt(lang, "remove"))}</button></form></li>`,
            )
            .join("")}</ul>`
        : "";
    const dated = (op: string, name: string, label: string, submit: string) =>
      `<form method="post" action="${esc(o.action)}">${hidden("_csrf", o.csrf)}${hidden("op", op)}${hidden("memberId", m.id)}${hidden("memberVersion", String(m.version))}<label>${esc(label)} *<input type="text" name="${name}" required maxlength="200"></label><label>${esc(rt(lang, "on"))} *<input type="date" name="on" required></label><p><button type="submit">${esc(submit)}</button></p></form>`;
    parts.push(
      `<h3 id="member">${esc(rt(lang, "editMember"))} ${esc(m.id)}</h3>`,
      memberForm(lang, o.action, o.csrf, "editMember", m, rt(lang, "save")),
      `<h3>${esc(rt(lang, "introductions"))}</h3>`,
      list(
        m.introductions.map((x) => ({ label: x.institution, on: x.on })),
        "removeIntroduction",
      ),
      dated("addIntroduction", "institution", rt(lang, "institution"), rt(lang, "addIntroduction")),
      `<h3>${esc(rt(lang, "supports"))}</h3>`,
      list(
        m.supports.map((x) => ({ label: x.what, on: x.on })),
        "removeSupport",
      ),
      dated("addSupport", "what", rt(lang, "what"), rt(lang, "addSupport")),
    );
  }
  return parts.join("");
}

async function figuresSection(
  lang: Lang,
  b: Beneficiary,
  o: { canEdit: boolean; action: string; csrf: string; message?: EntryMessage },
): Promise<string> {
  const figures = await dynamoRegistryStore.figures(b.id);
  const rows = figures
    .map(
      (f) =>
        `<tr><td>${esc(f.period)}</td><td>${esc(money(lang, f.savingsBalance))}</td><td>${esc(money(lang, f.loansOutstanding))}</td><td>${f.membersAttending ?? ""}</td><td>${f.corrections > 0 ? `${f.corrections} ${esc(rt(lang, "corrected"))}${f.lastCorrection ? `: ${esc(f.lastCorrection.reason)}` : ""}` : ""}</td></tr>`,
    )
    .join("");
  const parts = [
    `<h2>${esc(rt(lang, "figures"))}</h2>`,
    figures.length
      ? `<div style="overflow-x:auto"><table><thead><tr><th>${esc(rt(lang, "period").split(":")[0] ?? "")}</th><th>${esc(rt(lang, "savingsBalance"))}</th><th>${esc(rt(lang, "loansOutstanding"))}</th><th>${esc(rt(lang, "membersAttending"))}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
      : "",
  ];
  if (o.canEdit) {
    const open = o.message?.form === "figures";
    const v = (k: string) => esc((open ? o.message?.values?.get(k) : undefined) ?? "");
    parts.push(
      `<details${open ? " open" : ""}><summary>${esc(rt(lang, "record"))}</summary><form method="post" action="${esc(o.action)}">${hidden("_csrf", o.csrf)}${hidden("op", "figures")}<label>${esc(rt(lang, "period"))} *<input type="text" name="period" required pattern="\\d{4}-\\d{2}(-\\d{2})?" value="${v("period")}"></label><label>${esc(rt(lang, "savingsBalance"))} *<input type="number" name="savingsBalance" min="0" required value="${v("savingsBalance")}"></label><label>${esc(rt(lang, "loansOutstanding"))} *<input type="number" name="loansOutstanding" min="0" required value="${v("loansOutstanding")}"></label><label>${esc(rt(lang, "membersAttending"))}<input type="number" name="membersAttending" min="0" value="${v("membersAttending")}"></label><label>${esc(rt(lang, "correction"))}<input type="text" name="correctionReason" maxlength="500" value="${v("correctionReason")}"></label><p><button type="submit">${esc(rt(lang, "record"))}</button></p></form></details>`,
    );
  }
  return parts.join("");
}

/** The entry page: facts, edit form, members and figures of a savings group, recent history. */
export async function renderEntryPage(
  ctx: PageCtx,
  s: WebSession,
  id: string,
  status = 200,
  message?: EntryMessage,
): Promise<PageResult> {
  const lang = ctx.lang;
  const b = await loadEntry(ports, s.actor, id, "registry.read");
  const scope = await scopeOfEntry(ports.directory, b);
  const canEdit = b.state === "ACTIVE" && can(s.actor, "registry.edit", scope);
  const action = `/app/registry/${encodeURIComponent(b.id)}`;
  const csrf = csrfToken(s, action);
  const parts = [
    registryNav(lang, {
      province: can(s.actor, "registry.merge", scope),
      importing: can(s.actor, "registry.import", scope),
    }),
    `<h1>${esc(b.name)}</h1>`,
  ];
  if (ctx.query("done"))
    parts.push(`<p class="notice ok" role="status">${esc(rt(lang, "done"))}</p>`);
  if (message)
    parts.push(
      `<p class="notice ${message.kind}" role="${message.kind === "error" ? "alert" : "status"}">${esc(message.text)}</p>`,
    );
  if (b.state !== "ACTIVE" && b.mergedInto)
    parts.push(`<p class="notice">${esc(rt(lang, "mergedInto"))} ${link(b.mergedInto)}</p>`);
  parts.push(facts(lang, b));
  if (canEdit) {
    const open = message?.form === "edit";
    parts.push(
      `<details${open ? " open" : ""}><summary>${esc(rt(lang, "edit"))}</summary>${entryForm(lang, {
        kind: b.kind,
        action,
        csrf,
        op: "edit",
        entry: b,
        ...(open && message?.values ? { values: message.values } : {}),
        ...(open && message?.errors ? { errors: message.errors } : {}),
        submit: rt(lang, "save"),
      })}</details>`,
    );
  }
  if (b.kind === "SAVINGS_GROUP") {
    const members = await dynamoRegistryStore.members(b.id);
    const selected = ctx.query("member") ?? message?.values?.get("memberId") ?? undefined;
    parts.push(
      membersSection(lang, b, members, {
        withNames: can(s.actor, "registry.members", scope),
        canEdit,
        action,
        csrf,
        ...(selected ? { selected } : {}),
        ...(message ? { message } : {}),
      }),
      await figuresSection(lang, b, { canEdit, action, csrf, ...(message ? { message } : {}) }),
    );
  }
  const events = (await dynamoRegistryStore.history(b.id)).slice(-20).reverse();
  parts.push(
    `<h2>${esc(rt(lang, "history"))}</h2><ul>${events.map((e) => `<li>${esc(localTime(lang, e.at))} · ${esc(e.type)} · ${esc(e.actorId)}${e.reason ? ` · ${esc(e.reason)}` : ""}</li>`).join("")}</ul>`,
  );
  return ctx.page(status, b.name, parts.join(""));
}

/** GET /app/registry/{id}: an entry's page. */
export const { handler, lambdaHandler } = pageHandler(WebRegistryEntry, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  return renderEntryPage(ctx, s, ctx.path("id"));
});
