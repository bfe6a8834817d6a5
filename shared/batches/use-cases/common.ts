import { authorize, type ScopedActor } from "../../access/policy.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import type { Batch } from "../domain/batch.ts";
import type { BatchStore } from "../ports.ts";

/** Runs `fn` over `xs`, at most `limit` at a time; every call settles before the first error is thrown. */
export async function mapSettled<T, R>(
  xs: readonly T[],
  limit: number,
  fn: (x: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      try {
        out[i] = await fn(xs[i] as T, i);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return out;
}

/** Members written or decided at once: a few at a time, each in its own transaction. */
export const PARALLEL = 4;

export const scopeOf = (b: Batch) => ({
  communeId: b.communeId,
  reviewUnitId: b.reviewUnitId,
  provinceId: b.provinceId,
});
/** Loads a batch and checks that the actor may do `action` in its scope (403 names it). */
export async function loadBatch(
  batches: Pick<BatchStore, "find">,
  actor: ScopedActor,
  id: string,
  action: Parameters<typeof authorize>[1],
): Promise<Batch> {
  const b = await batches.find(id);
  if (!b) throw new NotFoundError(`batch ${id} does not exist`);
  authorize(actor, action, scopeOf(b));
  return b;
}
