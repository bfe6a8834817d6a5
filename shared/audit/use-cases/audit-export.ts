import type { ScopedActor } from "../../access/policy.ts";
import { toCsv } from "../domain/export/csv.ts";
import { toXlsx } from "../domain/export/xlsx.ts";
import { type AuditRequest, auditExport, EXPORT_HEADER, exportRow } from "./audit-query.ts";

export type ExportFormat = "csv" | "xlsx";

/** A file of audit events, as the API and the auditors' page both send it. */
export interface ExportFile {
  contentType: string;
  filename: string;
  body: string;
  isBase64Encoded: boolean;
  /** Where the next file starts (sent as x-next-cursor); absent when this one has the rest. */
  nextCursor?: string;
}

/**
 * Up to EXPORT_MAX_EVENTS events the actor may export (`audit.export`), as CSV or XLSX, named
 * after the day of the export (`day`, YYYY-MM-DD).
 */
export async function auditExportFile(
  actor: ScopedActor,
  request: AuditRequest,
  format: ExportFormat,
  day: string,
): Promise<ExportFile> {
  const page = await auditExport(actor, request);
  const rows = page.events.map(exportRow);
  const next = page.nextCursor ? { nextCursor: page.nextCursor } : {};
  if (format === "csv") {
    return {
      contentType: "text/csv; charset=utf-8",
      filename: `audit-${day}.csv`,
      body: toCsv(EXPORT_HEADER, rows),
      isBase64Encoded: false,
      ...next,
    };
  }
  return {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    filename: `audit-${day}.xlsx`,
    body: toXlsx(`Nhật ký ${day}`, EXPORT_HEADER, rows).toString("base64"),
    isBase64Encoded: true,
    ...next,
  };
}

/** The headers of an export response (both channels). */
export function exportHeaders(file: ExportFile): Record<string, string> {
  return {
    "content-type": file.contentType,
    "content-disposition": `attachment; filename="${file.filename}"`,
    ...(file.nextCursor ? { "x-next-cursor": file.nextCursor } : {}),
  };
}
