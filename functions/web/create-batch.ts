import { batchDraftingPorts } from "../../shared/batches/adapters/ports.ts";
import { WebCreateBatch } from "../../shared/batches/routes.ts";
import { CreateBatchInput } from "../../shared/batches/schemas.ts";
import { createBatch } from "../../shared/batches/use-cases/create-batch.ts";
import { parseValue } from "../../shared/http/validate.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { bt, formErrorsOf, isBatchActivity } from "./batch-views.ts";
import { renderNewBatch } from "./new-batch-form.ts";

const ports = batchDraftingPorts();

/** The picked rows of the form as the API's members, and the row of each member. */
function membersOf(f: Record<string, string>, activity: "A1" | "A3") {
  const rows = Object.keys(f)
    .map((k) => /^pick\.(\d+)$/.exec(k)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const members = rows.map((i) => {
    const amount = Number(f[`amount.${i}`] ?? "");
    const months = Number(f[`months.${i}`] ?? "3");
    const start = f[`start.${i}`];
    return {
      beneficiaryId: f[`pick.${i}`] ?? "",
      items: [
        activity === "A1"
          ? {
              code: "A1.SAVINGS_BOX_RUNNING",
              description: "Hòm giữ tiết kiệm và chi phí sinh hoạt",
              supportAmount: amount,
              totalCost: amount,
              months,
              ...(start ? { startMonth: start } : {}),
            }
          : {
              code: f[`code.${i}`] ?? "",
              description: "Địa chỉ tin cậy",
              supportAmount: amount,
              totalCost: amount,
            },
      ],
    };
  });
  return { rows, members };
}

/** POST /app/batches: creates the batch and its member drafts; field errors come back on the form. */
export const { handler, lambdaHandler } = pageHandler(WebCreateBatch, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const f = ctx.form();
  const activity = isBatchActivity(f.activity) ? f.activity : "A1";
  const again = (status: number, errors: Record<string, string>) =>
    renderNewBatch(ctx, s, activity, status, { values: f, errors });
  if (!csrfValid(s, "/app/batches", f._csrf)) return again(403, { "": bt(ctx.lang, "csrf") });
  const { rows, members } = membersOf(f, activity);
  if (members.length === 0) return again(400, { "": bt(ctx.lang, "pickOne") });
  try {
    const body = parseValue(
      {
        activity,
        title: f.title ?? "",
        ...(f.period ? { period: f.period } : {}),
        communeId: s.actor.unitId,
        members,
      },
      CreateBatchInput,
      "form",
    );
    const b = await createBatch(ports, s.actor, ctx.tx(s, "web"), body);
    return ctx.redirect(`/app/batches/${encodeURIComponent(b.id)}?created=1`);
  } catch (err) {
    if (err instanceof ValidationError)
      return again(400, {
        ...formErrorsOf(ctx.lang, err.errors, rows),
        ...(err.errors.length === 0 ? { "": err.message } : {}),
      });
    throw err;
  }
});
