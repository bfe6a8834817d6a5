import { authorize, roleMay, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ForbiddenError, ValidationError } from "../../kernel/errors.ts";
import { type CheckPorts, runCheck } from "../../norms/use-cases/norms.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import type { Batch } from "../domain/batch.ts";
import * as domain from "../domain/batch.ts";
import type { BatchStore } from "../ports.ts";
import { loadBatch, mapSettled } from "./common.ts";

/** What reading a batch needs: the batch, its members, and the norm check for reviewers. */
export interface BatchReadPorts extends CheckPorts {
  batches: Pick<BatchStore, "find">;
  proposals: Pick<ProposalStore, "find">;
}

export interface MemberView {
  proposalId: string;
  beneficiaryId: string;
  reference?: string;
  title?: string;
  beneficiaryName?: string;
  amount: number;
  status?: Proposal["status"];
  statusReason?: string;
  currentTaskId?: string;
  decision?: { decision: "approve" | "return" | "reject"; by: string; at: string };
  norms?: { passed: boolean; failed: string[] };
}

export interface BatchRead {
  batch: Batch;
  members: MemberView[];
  progress: domain.BatchProgress;
}

/** The norm sets read once for every member's check. */
function onceSets(ports: CheckPorts): CheckPorts {
  let sets: ReturnType<CheckPorts["normSets"]["list"]> | undefined;
  return {
    usage: ports.usage,
    normSets: { list: () => (sets ??= ports.normSets.list()) },
  };
}

/**
 * The batch with each member as it is now. For a reader who may preview norms (the commune,
 * the reviewers), each member in review carries the norm check as of now (nothing reserved).
 */
export async function readBatch(
  ports: BatchReadPorts,
  actor: ScopedActor,
  tx: Pick<TransitionContext, "at">,
  id: string,
): Promise<BatchRead> {
  const batch = await loadBatch(ports.batches, actor, id, "proposal.read");
  const checks = roleMay(actor.role, "proposal.previewNorms") ? onceSets(ports) : undefined;
  const members = await mapSettled(batch.members, 8, async (m): Promise<MemberView> => {
    const p = await ports.proposals.find(m.proposalId);
    const amount = (p?.items ?? m.items).reduce((s, i) => s + i.supportAmount, 0);
    const view: MemberView = {
      proposalId: m.proposalId,
      beneficiaryId: p?.beneficiary.id ?? m.beneficiaryId,
      amount,
    };
    if (!p) return view;
    const result =
      checks && p.status === "IN_REVIEW" ? await runCheck(checks, p, tx.at) : undefined;
    return {
      ...view,
      reference: p.reference,
      title: p.title,
      beneficiaryName: p.beneficiary.name,
      status: p.status,
      ...(p.statusReason ? { statusReason: p.statusReason } : {}),
      ...(p.currentTaskId && p.status === "IN_REVIEW" ? { currentTaskId: p.currentTaskId } : {}),
      ...(p.lastDecision
        ? {
            decision: {
              decision: p.lastDecision.decision,
              by: p.lastDecision.byName ?? p.lastDecision.by,
              at: p.lastDecision.at,
            },
          }
        : {}),
      ...(result
        ? {
            norms: {
              passed: result.passed,
              failed: result.rules
                .filter((r) => !r.passed && r.severity === "check")
                .map((r) => `${r.ruleId}: ${r.messageVi}`),
            },
          }
        : {}),
    };
  });
  return { batch, members, progress: domain.progressOf(batch, members) };
}

/** A commune's batches: its officer's own, or a commune given by a reviewer or the province. */
export async function listBatches(
  ports: { batches: Pick<BatchStore, "ofCommune">; directory: Pick<Directory, "commune"> },
  actor: ScopedActor,
  q: { communeId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  if (!roleMay(actor.role, "proposal.read"))
    throw new ForbiddenError(`role ${actor.role} may not read proposals`);
  const communeId = q.communeId ?? (actor.role === "commune_officer" ? actor.unitId : undefined);
  if (!communeId)
    throw new ValidationError("give the commune whose batches to list", [
      { field: "communeId", message: "required" },
    ]);
  const commune = await ports.directory.commune(communeId);
  authorize(actor, "proposal.read", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  const page = { limit: q.limit, cursor: q.cursor, scope: [actor.id, commune.id, "batches"] };
  return ports.batches.ofCommune(commune.id, page);
}
