import { batchDecisionPorts, batchSubmissionPorts } from "../../shared/batches/adapters/ports.ts";
import type { ItemDecision } from "../../shared/batches/domain/batch.ts";
import { WebBatchAction } from "../../shared/batches/routes.ts";
import { decideBatch } from "../../shared/batches/use-cases/decide-batch.ts";
import { submitBatch } from "../../shared/batches/use-cases/submit-batch.ts";
import { ConflictError, StaleVersionError, ValidationError } from "../../shared/kernel/errors.ts";
import { localizeMessage } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderBatchPage } from "./batch-page-render.ts";
import { bt } from "./batch-views.ts";

const submitting = batchSubmissionPorts();
const deciding = batchDecisionPorts();

const DECISIONS = ["approve", "return", "reject"] as const;
const isDecision = (v: string | undefined): v is ItemDecision["decision"] =>
  (DECISIONS as readonly string[]).includes(v ?? "");

/** The rows the reviewer gave a decision (`d.<proposalId>`), with their comments (`c.<id>`). */
function itemsOf(f: Record<string, string>): ItemDecision[] {
  return Object.entries(f).flatMap(([k, v]) => {
    const id = /^d\.(.+)$/.exec(k)?.[1];
    if (!id || !isDecision(v)) return [];
    const comment = f[`c.${id}`]?.trim();
    return [{ proposalId: id, decision: v, ...(comment ? { comment } : {}) }];
  });
}

/**
 * POST /app/batches/{id}: submit (commune), decide item by item or all at once (reviewer), each
 * with the CSRF token bound to the session. Success: 303 back to the page saying what was done.
 */
export const { handler, lambdaHandler } = pageHandler(WebBatchAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const action = `/app/batches/${encodeURIComponent(id)}`;
  const f = ctx.form();
  const lang = ctx.lang;
  const refuse = (status: number, text: string) =>
    renderBatchPage(ctx, s, id, status, { text, kind: "error" });
  if (!csrfValid(s, action, f._csrf)) return refuse(403, bt(lang, "csrf"));
  const tx = ctx.tx(s, "web");
  try {
    switch (f.op) {
      case "submit": {
        const version = Number(f._version);
        const { results } = await submitBatch(
          submitting,
          s.actor,
          tx,
          id,
          Number.isInteger(version) && version > 0 ? version : undefined,
        );
        const refused = results.filter((r) => r.outcome === "refused").length;
        return ctx.redirect(`${action}?${refused ? `refused=${refused}` : "submitted=1"}`);
      }
      case "decideItems":
      case "decideAll": {
        const items = f.op === "decideItems" ? itemsOf(f) : undefined;
        if (items && items.length === 0) return refuse(400, bt(lang, "pickOne"));
        const decision = f.decision;
        if (!items && !isDecision(decision)) return refuse(400, bt(lang, "pickOne"));
        const comment = f.comment?.trim();
        const { results } = await decideBatch(deciding, s.actor, tx, id, {
          ...(items ? { items } : { decision: decision as ItemDecision["decision"] }),
          ...(comment ? { comment } : {}),
        });
        const decided = results.filter((r) => r.outcome === "decided").length;
        const refusedOne = results.find((r) => r.outcome === "refused");
        if (refusedOne && decided === 0)
          return refuse(400, localizeMessage(lang, refusedOne.reason ?? ""));
        return ctx.redirect(`${action}?decided=${decided}&left=${results.length - decided}`);
      }
      default:
        return refuse(400, "unknown operation");
    }
  } catch (err) {
    if (
      err instanceof ValidationError ||
      err instanceof ConflictError ||
      err instanceof StaleVersionError
    )
      return refuse(err.status, localizeMessage(lang, err.message));
    throw err;
  }
});
