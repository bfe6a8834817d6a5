import { can, type ScopedActor, scopeRuleOf } from "../../shared/access/policy.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import type { Unit } from "../../shared/directory/ports.ts";
import { type FieldError, ForbiddenError } from "../../shared/kernel/errors.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { REGISTRY_KINDS } from "../../shared/registry/domain/beneficiary.ts";
import type { DuplicateCandidate } from "../../shared/registry/domain/duplicates.ts";
import { WebRegistry } from "../../shared/registry/routes.ts";
import { type PageCtx, type PageResult, pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { importPageOrTemplate } from "./registry-import-page.ts";
import { entryForm, isKind, kindLabel, optionLabel, registryNav, rt } from "./registry-views.ts";

/** The communes whose registry the reader may open. */
export async function readableCommunes(actor: ScopedActor): Promise<Unit[]> {
  const rule = scopeRuleOf(actor.role, "registry.read");
  if (!rule || rule === "global") throw new ForbiddenError("the registry is not open to this role");
  const units = (await dynamoDirectory.listUnits(actor.provinceId)).filter(
    (u) => u.kind === "commune",
  );
  if (rule === "commune") return units.filter((u) => u.id === actor.unitId);
  if (rule === "reviewUnit") return units.filter((u) => u.reviewUnitId === actor.unitId);
  return units;
}

export interface OpenForm {
  kind: string;
  values: URLSearchParams;
  errors: FieldError[];
  duplicates?: DuplicateCandidate[];
}

/** The registry page: a commune's entries by kind, and the registration form when asked. */
export async function renderRegistryList(
  ctx: PageCtx,
  s: WebSession,
  status: number,
  form?: OpenForm,
): Promise<PageResult> {
  const lang = ctx.lang;
  const actor = s.actor;
  const communes = await readableCommunes(actor);
  const wanted = form?.values.get("communeId") ?? ctx.query("communeId");
  const commune = communes.find((c) => c.id === wanted) ?? communes[0];
  const kindQ = ctx.query("kind");
  const kind = isKind(kindQ) ? kindQ : undefined;
  const parts: string[] = [`<h1>${esc(rt(lang, "registry"))}</h1>`];
  parts.push(
    registryNav(lang, {
      province: scopeRuleOf(actor.role, "registry.merge") !== undefined,
      importing: scopeRuleOf(actor.role, "registry.import") !== undefined,
    }),
  );
  const done = ctx.query("registered");
  if (done)
    parts.push(
      `<p class="notice ok" role="status">${esc(rt(lang, "registered"))} ${esc(done)}</p>`,
    );
  if (!commune) {
    parts.push(`<p>${esc(rt(lang, "noEntries"))}</p>`);
    return ctx.page(status, rt(lang, "registry"), parts.join(""));
  }
  const name = (u: Unit) => (lang === "vi" ? u.nameVi : u.nameEn);
  const o = (v: string, label: string, sel: boolean) =>
    `<option value="${esc(v)}"${sel ? " selected" : ""}>${esc(label)}</option>`;
  parts.push(
    `<form method="get" action="/app/registry" class="filters">${
      communes.length > 1
        ? `<label>${esc(rt(lang, "commune"))}<select name="communeId">${communes.map((c) => o(c.id, name(c), c.id === commune.id)).join("")}</select></label>`
        : `<input type="hidden" name="communeId" value="${esc(commune.id)}">`
    }<label>${esc(rt(lang, "kind"))}<select name="kind">${o("", rt(lang, "all"), !kind)}${REGISTRY_KINDS.map((k) => o(k, kindLabel(lang, k), k === kind)).join("")}</select></label><button type="submit" class="secondary">OK</button></form>`,
  );
  const scope = {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId ?? "",
    provinceId: commune.provinceId,
  };
  const canEdit = can(actor, "registry.edit", scope);
  const page = await dynamoRegistryStore.ofCommune(commune.id, kind, {
    limit: 100,
    scope: [actor.id, "page", commune.id, kind],
  });
  parts.push(`<h2>${esc(name(commune))} · ${page.entries.length}</h2>`);
  parts.push(
    page.entries.length
      ? `<ul class="tasks">${page.entries
          .map(
            (b) =>
              `<li><a href="/app/registry/${encodeURIComponent(b.id)}"><strong>${esc(b.name)}</strong></a> · ${esc(kindLabel(lang, b.kind))}<div class="meta">${esc(b.id)} · ${esc(optionLabel(lang, "status", b.details.status))}${"village" in b.details && b.details.village ? ` · ${esc(b.details.village)}` : ""}${b.incomplete?.length ? ` · <span class="late">${esc(rt(lang, "incomplete"))}</span>` : ""}</div></li>`,
          )
          .join("")}</ul>`
      : `<p>${esc(rt(lang, "noEntries"))}</p>`,
  );
  if (canEdit) {
    const newKind = form?.kind ?? ctx.query("new");
    parts.push(
      `<h2>${esc(rt(lang, "new"))}</h2><p>${REGISTRY_KINDS.map((k) => `<a href="/app/registry?communeId=${encodeURIComponent(commune.id)}&amp;new=${k}#form">${esc(kindLabel(lang, k))}</a>`).join(" · ")}</p>`,
    );
    if (isKind(newKind)) {
      parts.push(
        `<h2 id="form">${esc(rt(lang, "new"))}: ${esc(kindLabel(lang, newKind))}</h2>`,
        entryForm(lang, {
          kind: newKind,
          action: "/app/registry",
          csrf: csrfToken(s, "/app/registry"),
          communeId: commune.id,
          ...(form ? { values: form.values, errors: form.errors } : {}),
          ...(form?.duplicates ? { duplicates: form.duplicates } : {}),
          submit: rt(lang, "register"),
        }),
      );
    }
  }
  return ctx.page(status, rt(lang, "registry"), parts.join(""));
}

/** GET /app/registry: the registry of a commune (commune officers: theirs); `?view=import`: the import page. */
export const { handler, lambdaHandler } = pageHandler(WebRegistry, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  if (ctx.query("view") === "import" || ctx.query("template")) return importPageOrTemplate(ctx, s);
  return renderRegistryList(ctx, s, 200);
});
