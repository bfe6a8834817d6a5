import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { checkBodySize, mediaTypeOf, rawBody } from "../../shared/http/edge.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { UnsupportedMediaTypeError } from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { IMPORT_MAX_BYTES, ImportRegistry } from "../../shared/registry/routes.ts";
import {
  type ImportFormat,
  ImportRefusedError,
  importRegistry,
} from "../../shared/registry/use-cases/import.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
};

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const FORMATS: Record<string, ImportFormat> = {
  "text/csv": "csv",
  "application/csv": "csv",
  "text/plain": "csv",
  [XLSX]: "xlsx",
};

/**
 * POST /v1/registry/imports: the spreadsheet is the body (text/csv or XLSX). A dry run answers
 * 200 with the report (its problems are the answer); an import refused for problems is a 400
 * problem document naming each row and column; an import answers 201.
 */
export const { handler, lambdaHandler } = apiHandler(ImportRegistry, async (ctx, { query }) => {
  checkBodySize(ctx.event, IMPORT_MAX_BYTES);
  const type = mediaTypeOf(ctx.event);
  const format = type ? FORMATS[type] : undefined;
  if (!format) {
    throw new UnsupportedMediaTypeError(
      `send the file as text/csv or ${XLSX}${type ? `, not ${type}` : ""}`,
      `text/csv, ${XLSX}`,
    );
  }
  const report = await importRegistry(
    ports,
    ctx.actor,
    ctx.tx,
    { bytes: rawBody(ctx.event), format },
    query.layout,
    query.dryRun === "true",
  );
  if (report.outcome === "refused" && query.dryRun === "false")
    throw new ImportRefusedError(report);
  return json(report.outcome === "imported" ? 201 : 200, report);
});
