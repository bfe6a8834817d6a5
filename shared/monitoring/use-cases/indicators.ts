import { authorize, roleMay, type ScopedActor } from "../../access/policy.ts";
import { ForbiddenError, StaleVersionError, ValidationError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  formulaProblems,
  type IndicatorDefinition,
  SHIPPED_INDICATORS,
} from "../domain/indicators.ts";
import type { IndicatorStore } from "../ports.ts";
import { indicatorsInForce } from "./dashboard.ts";

/** The catalogue in force, with every definition: reference data for anyone who monitors. */
export async function listIndicators(
  ports: { indicators: Pick<IndicatorStore, "list"> },
  actor: ScopedActor,
) {
  if (!roleMay(actor.role, "monitoring.read"))
    throw new ForbiddenError(`role ${actor.role} may not read indicators`);
  return indicatorsInForce(ports);
}

/**
 * The central level defines or edits a national indicator (indicator.define).
 * 1. the formula may read only known measures in their own dimensions; 2. the version moves on
 *    from the stored or shipped one (If-Match: the version read); 3. one transaction: the
 *    definition and its audit event (the whole new definition, so every version is on record).
 */
export async function defineIndicator(
  ports: { indicators: IndicatorStore },
  actor: ScopedActor,
  tx: TransitionContext,
  code: string,
  input: Omit<IndicatorDefinition, "code" | "version" | "updatedAt" | "updatedBy">,
  ifMatch?: number,
): Promise<IndicatorDefinition> {
  authorize(actor, "indicator.define");
  const problems = formulaProblems(input.formula, code);
  if (problems.length > 0) {
    throw new ValidationError(
      `formula refused: ${problems.join("; ")}`,
      problems.map((m) => ({ field: "formula", message: m })),
    );
  }
  const before = await ports.indicators.find(code);
  const current = before?.version ?? SHIPPED_INDICATORS.find((i) => i.code === code)?.version ?? 0;
  if (ifMatch !== undefined && ifMatch !== current) {
    throw new StaleVersionError(
      `indicator ${code} is at version ${current}; reload and retry`,
      current,
    );
  }
  const next: IndicatorDefinition = {
    ...input,
    code,
    version: current + 1,
    updatedAt: tx.at,
    updatedBy: actor.id,
  };
  await ports.indicators.save(
    before,
    next,
    {
      type: "indicator.defined",
      from: current ? `v${current}` : null,
      to: `v${next.version}`,
      data: { definition: { ...input } as unknown as Record<string, unknown> },
    },
    tx,
  );
  return next;
}
