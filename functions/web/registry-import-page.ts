import { scopeRuleOf } from "../../shared/access/policy.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { COLUMNS, type Layout } from "../../shared/registry/domain/import/layout.ts";
import { templateCsv, templateXlsx } from "../../shared/registry/domain/import/template.ts";
import type { ImportReport } from "../../shared/registry/use-cases/import.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { problemsTable, registryNav, rt } from "./registry-views.ts";

/** Where the upload form posts (WebRegistryImportUpload). */
export const IMPORT_ACTION = "/app/registry/import";
/**
 * The import page is a view of GET /app/registry rather than a route of its own: every route
 * is a function with its role, policy, log group, alarm, integration and permission (about
 * eight CloudFormation resources), and the page needs nothing the list's function lacks.
 */
export const IMPORT_PAGE = "/app/registry?view=import";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function columnsTable(ctx: PageCtx, layout: Layout): string {
  return `<div style="overflow-x:auto"><table><thead><tr><th>${esc(rt(ctx.lang, "column"))}</th><th></th></tr></thead><tbody>${COLUMNS[
    layout
  ]
    .map(
      (c) =>
        `<tr><td><code>${esc(c.key)}</code>${c.required ? " *" : ""}<br><span class="meta">${esc(c.vi)}</span></td><td>${esc(c.doc)}</td></tr>`,
    )
    .join("")}</tbody></table></div>`;
}

/** The import page: the upload form, the last report (when posted), the layouts and templates. */
export function renderImportPage(
  ctx: PageCtx,
  s: WebSession,
  status = 200,
  result?: { report?: ImportReport; error?: string; layout?: Layout },
): PageResult {
  const lang = ctx.lang;
  if (!scopeRuleOf(s.actor.role, "registry.import"))
    throw new ForbiddenError("importing is for commune and province officers");
  const layout: Layout =
    result?.layout ?? (ctx.query("layout") === "members" ? "members" : "beneficiaries");
  const parts = [
    registryNav(lang, {
      province: scopeRuleOf(s.actor.role, "registry.merge") !== undefined,
      importing: true,
    }),
    `<h1>${esc(rt(lang, "import"))}</h1>`,
  ];
  if (result?.error) parts.push(`<p class="notice error" role="alert">${esc(result.error)}</p>`);
  const r = result?.report;
  if (r) {
    const n = String(r.rows);
    const line =
      r.outcome === "dry_run"
        ? rt(lang, "checked").replace("{n}", n)
        : r.outcome === "imported"
          ? rt(lang, "imported").replace("{n}", n)
          : r.outcome === "already_imported"
            ? rt(lang, "already")
            : rt(lang, "refused");
    parts.push(
      `<p class="notice ${r.outcome === "refused" ? "error" : "ok"}" role="${r.outcome === "refused" ? "alert" : "status"}">${esc(line)}</p>`,
      r.problems.length
        ? `<h2>${esc(rt(lang, "problems"))} · ${r.problems.length}</h2>${problemsTable(lang, r.problems)}`
        : "",
      r.outcome === "imported" && r.created.length
        ? `<ul>${r.created
            .slice(0, 200)
            .map(
              (c) =>
                `<li>${esc(rt(lang, "row"))} ${c.row}: ${c.id.startsWith("BN-") ? `<a href="/app/registry/${encodeURIComponent(c.id)}">${esc(c.id)}</a>` : esc(c.id)}</li>`,
            )
            .join("")}</ul>`
        : "",
    );
  }
  const o = (v: string, label: string, sel: boolean) =>
    `<option value="${v}"${sel ? " selected" : ""}>${esc(label)}</option>`;
  parts.push(
    `<form method="post" action="${IMPORT_ACTION}" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="${esc(csrfToken(s, IMPORT_ACTION))}">
<label>${esc(rt(lang, "layout"))}<select name="layout">${o("beneficiaries", rt(lang, "layoutBeneficiaries"), layout === "beneficiaries")}${o("members", rt(lang, "layoutMembers"), layout === "members")}</select></label>
<fieldset><legend>${esc(rt(lang, "mode"))}</legend><label><input type="radio" name="mode" value="dryRun" checked> ${esc(rt(lang, "dryRun"))}</label><label><input type="radio" name="mode" value="import"> ${esc(rt(lang, "doImport"))}</label></fieldset>
<label>${esc(rt(lang, "file"))} *<input type="file" name="file" accept=".xlsx,.csv,text/csv,${XLSX}" required></label>
<p><button type="submit">${esc(rt(lang, "send"))}</button></p></form>`,
  );
  for (const l of ["beneficiaries", "members"] as const) {
    parts.push(
      `<h2>${esc(rt(lang, l === "beneficiaries" ? "layoutBeneficiaries" : "layoutMembers"))}</h2><p>${esc(rt(lang, "template"))}: <a href="${IMPORT_PAGE}&amp;template=${l}&amp;format=xlsx">XLSX</a> · <a href="${IMPORT_PAGE}&amp;template=${l}&amp;format=csv">CSV</a></p>${columnsTable(ctx, l)}`,
    );
  }
  return ctx.page(status, rt(lang, "import"), parts.join(""));
}

/**
 * GET /app/registry?view=import: the import page, or a template file (`&template=&format=`);
 * for the roles that may import only.
 */
export function importPageOrTemplate(ctx: PageCtx, s: WebSession): PageResult {
  const template = ctx.query("template");
  if (template === "beneficiaries" || template === "members") {
    if (!scopeRuleOf(s.actor.role, "registry.import"))
      throw new ForbiddenError("importing is for commune and province officers");
    const xlsx = ctx.query("format") === "xlsx";
    const name = `mau-nhap-${template}.${xlsx ? "xlsx" : "csv"}`;
    return {
      statusCode: 200,
      headers: {
        "content-type": xlsx ? XLSX : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
      ...(xlsx
        ? { body: templateXlsx(template).toString("base64"), isBase64Encoded: true }
        : { body: templateCsv(template) }),
    };
  }
  return renderImportPage(ctx, s);
}
