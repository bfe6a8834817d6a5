import { roleMay } from "../../shared/access/policy.ts";
import type { BatchActivity } from "../../shared/batches/domain/batch.ts";
import { ForbiddenError } from "../../shared/kernel/errors.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import type { Beneficiary } from "../../shared/registry/domain/beneficiary.ts";
import type { PageCtx, PageResult } from "../../shared/web/handler.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";
import { bt, type NewBatchForm, newBatchBody } from "./batch-views.ts";

const KIND = { A1: "SAVINGS_GROUP", A3: "TRUSTED_ADDRESS" } as const;

/** The commune's active entries of the activity's kind, in name order (at most 100 rows). */
export async function entriesFor(
  communeId: string,
  activity: BatchActivity,
): Promise<Beneficiary[]> {
  const page = await dynamoRegistryStore.ofCommune(communeId, KIND[activity], {
    limit: 100,
    scope: ["batch-form", communeId, activity],
  });
  return page.entries.filter(
    (b) => b.state === "ACTIVE" && (b.details as { status?: string }).status !== "dissolved",
  );
}

/** The new-batch form of the reader's commune (commune officers only). */
export async function renderNewBatch(
  ctx: PageCtx,
  s: WebSession,
  activity: BatchActivity,
  status: number,
  form?: NewBatchForm,
): Promise<PageResult> {
  if (!roleMay(s.actor.role, "proposal.create"))
    throw new ForbiddenError(`role ${s.actor.role} may not propose`);
  const entries = await entriesFor(s.actor.unitId, activity);
  return ctx.page(
    status,
    bt(ctx.lang, "newBatch"),
    newBatchBody(ctx.lang, activity, entries, csrfToken(s, "/app/batches"), form),
  );
}
