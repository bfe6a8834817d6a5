import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { checkBodySize, headerOf, rawBody } from "../../shared/http/edge.ts";
import { PayloadTooLargeError } from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import { IMPORT_MAX_BYTES, WebRegistryImportUpload } from "../../shared/registry/routes.ts";
import { importRegistry } from "../../shared/registry/use-cases/import.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { boundaryOf, MultipartError, parseMultipart } from "../../shared/web/multipart.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { IMPORT_ACTION, renderImportPage } from "./registry-import-page.ts";
import { rt } from "./registry-views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
};

/**
 * POST /app/registry/import: the upload form (multipart/form-data, no script): the CSRF token,
 * the layout, check-only or import, the file. The page shows the report: every problem by row
 * and column; a file with any problem imports nothing.
 */
export const { handler, lambdaHandler } = pageHandler(WebRegistryImportUpload, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  try {
    checkBodySize(ctx.event, WebRegistryImportUpload.request.maxBodyBytes);
  } catch (err) {
    if (err instanceof PayloadTooLargeError)
      return renderImportPage(ctx, s, 413, { error: rt(ctx.lang, "tooLarge") });
    throw err;
  }
  const boundary = boundaryOf(headerOf(ctx.event, "content-type"));
  if (!boundary) return renderImportPage(ctx, s, 415, { error: "multipart/form-data" });
  let parts: ReturnType<typeof parseMultipart>;
  try {
    parts = parseMultipart(rawBody(ctx.event), boundary);
  } catch (err) {
    if (err instanceof MultipartError) return renderImportPage(ctx, s, 400, { error: err.message });
    throw err;
  }
  const field = (name: string) =>
    parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
  if (!csrfValid(s, IMPORT_ACTION, field("_csrf")))
    return renderImportPage(ctx, s, 403, { error: t(ctx.lang, "csrf") });
  const layout = field("layout") === "members" ? "members" : "beneficiaries";
  const file = parts.find((p) => p.name === "file" && p.filename !== undefined);
  if (!file || file.data.length === 0)
    return renderImportPage(ctx, s, 400, { error: rt(ctx.lang, "file"), layout });
  if (file.data.length > IMPORT_MAX_BYTES)
    return renderImportPage(ctx, s, 413, { error: rt(ctx.lang, "tooLarge"), layout });
  const isXlsx = file.data.subarray(0, 2).toString("latin1") === "PK";
  const dryRun = field("mode") !== "import";
  const report = await importRegistry(
    ports,
    s.actor,
    ctx.tx(s, "web"),
    { bytes: file.data, format: isXlsx ? "xlsx" : "csv" },
    layout,
    dryRun,
  );
  // A check's problems are its answer (200); an import refused for them is a 400, as on the API.
  return renderImportPage(ctx, s, report.outcome === "refused" && !dryRun ? 400 : 200, {
    report,
    layout,
  });
});
