import { toCsv } from "../../shared/audit/domain/export/csv.ts";
import { toXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { ListAuditEvents } from "../../shared/audit/routes.ts";
import {
  auditEvents,
  auditEventViews,
  auditExport,
  EXPORT_HEADER,
  exportRow,
  parseAuditRequest,
} from "../../shared/audit/use-cases/audit-query.ts";
import { type ApiResult, apiHandler, json } from "../../shared/http/handler.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";

/**
 * GET /v1/audit/events: auditor queries of the audit trail, a page of JSON in time order with
 * a cursor, or (format=csv|xlsx) a file of up to 10,000 events with x-next-cursor to go on.
 */
export const { handler, lambdaHandler } = apiHandler(ListAuditEvents, async (ctx, { query }) => {
  const { format = "json", ...rest } = query;
  if (format !== "json" && format !== "csv" && format !== "xlsx") {
    throw new ValidationError("format must be json, csv or xlsx", [
      { field: "format", message: "json, csv or xlsx" },
    ]);
  }
  const request = parseAuditRequest(rest);
  if (format === "json") {
    const page = await auditEvents(ctx.actor, request);
    return json(200, {
      events: await auditEventViews(page.events),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  }
  const page = await auditExport(ctx.actor, request);
  const rows = page.events.map(exportRow);
  const stamp = ctx.tx.at.slice(0, 10);
  const more: Record<string, string> = page.nextCursor ? { "x-next-cursor": page.nextCursor } : {};
  if (format === "csv") {
    const csv: ApiResult = {
      statusCode: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
        ...more,
      },
      body: toCsv(EXPORT_HEADER, rows),
    };
    return csv;
  }
  const xlsx: ApiResult = {
    statusCode: 200,
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="audit-${stamp}.xlsx"`,
      ...more,
    },
    body: toXlsx(`Nhật ký ${stamp}`, EXPORT_HEADER, rows).toString("base64"),
    isBase64Encoded: true,
  };
  return xlsx;
});
