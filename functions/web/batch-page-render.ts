import { batchReadPorts } from "../../shared/batches/adapters/ports.ts";
import { readBatch } from "../../shared/batches/use-cases/read-batch.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { batchPageBody } from "./batch-views.ts";

const ports = batchReadPorts();

/** The batch page for the reader (commune, reviewer, province, auditor), with a notice if any. */
export async function renderBatchPage(
  ctx: PageCtx,
  s: WebSession,
  id: string,
  status: number,
  notice?: { text: string; kind: "ok" | "error" },
): Promise<PageResult> {
  const read = await readBatch(ports, s.actor, { at: ctx.now }, id);
  const action = `/app/batches/${encodeURIComponent(id)}`;
  const commune = await dynamoDirectory.findUnit(read.batch.communeId);
  return ctx.page(
    status,
    read.batch.title,
    batchPageBody(ctx.lang, read, {
      role: s.actor.role,
      csrf: csrfToken(s, action),
      notice,
      communeName: ctx.lang === "vi" ? commune?.nameVi : commune?.nameEn,
    }),
  );
}
