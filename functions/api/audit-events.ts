import { ListAuditEvents } from "../../shared/audit/routes.ts";
import { auditExportFile, exportHeaders } from "../../shared/audit/use-cases/audit-export.ts";
import {
  auditEvents,
  auditEventViews,
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
  const file = await auditExportFile(ctx.actor, request, format, ctx.tx.at.slice(0, 10));
  const result: ApiResult = {
    statusCode: 200,
    headers: exportHeaders(file),
    body: file.body,
    ...(file.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
  return result;
});
