import { authorize, roleMay, type ScopedActor } from "../../access/policy.ts";
import type { AuditLog } from "../../audit/ports.ts";
import type { Directory } from "../../directory/ports.ts";
import {
  DomainError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from "../../kernel/errors.ts";
import type { CheckPorts } from "../../norms/use-cases/norms.ts";
import { runCheck } from "../../norms/use-cases/norms.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import type { ProposalStore } from "../../proposals/ports.ts";
import {
  createProposal,
  type DraftingPorts,
  type SubmissionPorts,
  submitProposal,
} from "../../proposals/use-cases/proposals.ts";
import { type DecisionPorts, decideTask } from "../../review/use-cases/review.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import type { Batch, BatchActivity, MemberPlan, MemberSpec, MemberState } from "../domain/batch.ts";
import * as domain from "../domain/batch.ts";
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
const PARALLEL = 4;

const scopeOf = (b: Batch) => ({
  communeId: b.communeId,
  reviewUnitId: b.reviewUnitId,
  provinceId: b.provinceId,
});

export interface CreateBatchInput {
  activity: BatchActivity;
  title: string;
  period?: string | undefined;
  fundingSource?: Batch["fundingSource"] | undefined;
  communeId: string;
  members: MemberSpec[];
}

/** The ports of creating a batch: its store, and what creating each member's draft needs. */
export interface BatchDraftingPorts extends DraftingPorts {
  batches: Pick<BatchStore, "newId" | "save" | "find">;
}

async function loadBatch(
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

/**
 * A commune creates a batch (a list of its A1 groups, its A3 addresses).
 * 1. resolve the commune (routing is data) and authorize `proposal.create` there;
 * 2. check the list before anything is written: 1-100 members, no beneficiary twice, each a
 *    registered beneficiary of this commune whose kind fits the activity (a 400 names
 *    `members.<i>.beneficiaryId`);
 * 3. write the batch with every member's proposal id allocated, and its audit event (one
 *    transaction);
 * 4. write each member's draft, its own transaction each (a member is a real proposal).
 * A creation cut short between 3 and 4 leaves members without a draft: the batch page shows
 * them, and submitting the batch writes them first (ensureMembers).
 */
export async function createBatch(
  ports: BatchDraftingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: CreateBatchInput,
): Promise<Batch> {
  const commune = await ports.directory.commune(input.communeId);
  authorize(actor, "proposal.create", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  domain.checkMembers(input.members);
  const errors: FieldError[] = [];
  await mapSettled(input.members, 8, async (m, i) => {
    try {
      await ports.registry.forProposal(m.beneficiaryId, {
        activity: input.activity,
        communeId: commune.id,
        proposalId: "batch-check",
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const short = fieldMessage(err) ?? err.message;
      errors.push({ field: `members.${i}.beneficiaryId`, message: short });
    }
  });
  if (errors.length > 0) {
    errors.sort((a, b) => memberIndex(a.field) - memberIndex(b.field));
    throw new ValidationError("members of the batch cannot be proposed", errors);
  }
  const change = domain.createBatch(
    {
      id: ports.batches.newId(),
      activity: input.activity,
      title: input.title,
      ...(input.period ? { period: input.period } : {}),
      ...(input.fundingSource ? { fundingSource: input.fundingSource } : {}),
      communeId: commune.id,
      reviewUnitId: commune.reviewUnitId,
      provinceId: commune.provinceId,
      members: input.members.map((m) => ({ ...m, proposalId: ports.proposals.newId() })),
    },
    tx,
  );
  const batch = await ports.batches.save(null, change, tx);
  await ensureMembers(ports, actor, tx, batch);
  return batch;
}

const memberIndex = (field: string) => Number(field.split(".")[1] ?? 0);
const fieldMessage = (err: DomainError): string | undefined =>
  err instanceof ValidationError ? err.errors[0]?.message : undefined;

/** Writes the draft of every member that has none yet (idempotent: each id is the batch's). */
async function ensureMembers(
  ports: DraftingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  batch: Batch,
): Promise<void> {
  await mapSettled(batch.members, PARALLEL, async (m) => {
    if (await ports.proposals.find(m.proposalId)) return;
    await createProposal(
      ports,
      actor,
      tx,
      {
        activity: batch.activity,
        title: m.title ?? batch.title,
        ...(batch.period ? { summary: `${batch.title} (${batch.period})` } : {}),
        ...(batch.fundingSource ? { fundingSource: batch.fundingSource } : {}),
        communeId: batch.communeId,
        beneficiaryId: m.beneficiaryId,
        items: m.items,
      },
      { id: m.proposalId, batchId: batch.id },
    );
  });
}

/** The ports of submitting a batch: its store, and what each member's submission needs. */
export interface BatchSubmissionPorts
  extends Omit<SubmissionPorts, "registry">,
    Omit<DraftingPorts, "proposals" | "registry"> {
  batches: Pick<BatchStore, "find" | "save">;
  registry: SubmissionPorts["registry"] & DraftingPorts["registry"];
}

export interface MemberOutcome {
  proposalId: string;
  outcome: "submitted" | "already-submitted" | "refused";
  status?: string;
  reason?: string;
}

/**
 * The commune submits the batch, once.
 * 1. authorize `proposal.submit` in the batch's commune; If-Match, when sent, is its version;
 * 2. write any member's draft still missing (a creation cut short);
 * 3. mark the batch SUBMITTED with its audit event (one transaction);
 * 4. submit every member still a draft, each in its own transaction with the outbox entry that
 *    starts its own execution (so Step Functions carries one member, never the list).
 * A retried submit skips what is done; a member refused (its beneficiary dissolved meanwhile)
 * is named and stays a draft, to be fixed and submitted on its own.
 */
export async function submitBatch(
  ports: BatchSubmissionPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
): Promise<{ batch: Batch; results: MemberOutcome[] }> {
  let batch = await loadBatch(ports.batches, actor, id, "proposal.submit");
  if (expected !== undefined && expected !== batch.version && batch.status === "DRAFT")
    throw new StaleVersionError(
      `batch ${id} is at version ${batch.version}, not ${expected}; reload and retry`,
      batch.version,
    );
  await ensureMembers(ports, actor, tx, batch);
  const change = domain.submitBatch(batch, tx);
  if (change) batch = await ports.batches.save(batch, change, tx);
  const results = await mapSettled(batch.members, PARALLEL, async (m): Promise<MemberOutcome> => {
    const p = await ports.proposals.find(m.proposalId);
    if (p && p.status !== "DRAFT")
      return { proposalId: m.proposalId, outcome: "already-submitted", status: p.status };
    try {
      const done = await submitProposal(ports, actor, tx, m.proposalId, undefined);
      return { proposalId: m.proposalId, outcome: "submitted", status: done.status };
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      return { proposalId: m.proposalId, outcome: "refused", reason: err.message };
    }
  });
  return { batch, results };
}

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

export interface BatchDecisionInput {
  decision?: domain.Decision | undefined;
  comment?: string | undefined;
  items?: domain.ItemDecision[] | undefined;
}

export interface DecisionOutcome {
  proposalId: string;
  outcome: "decided" | "already-decided" | "not-ready" | "norm-failed" | "refused";
  decision?: domain.Decision;
  status?: string;
  reason?: string;
}

/** The ports of a batch decision: reading it (with the norm check), deciding each member, audit. */
export interface BatchDecisionPorts extends Omit<BatchReadPorts, "proposals">, DecisionPorts {
  audit: Pick<AuditLog, "append">;
}

/**
 * The reviewer decides a batch, item by item or all at once.
 * 1. read the batch and every member (authorize `task.decide` in its scope); for "approve all",
 *    each member's norm check as of now;
 * 2. plan (domain): each member still in review gets its decision; with "all at once", one
 *    failing its norm check is named and left, members decided already are skipped;
 * 3. decide each member through the review's own decision (its task DONE, its transition and
 *    audit event, its workflow signal: one transaction per member, first writer wins), a few
 *    at a time; a member someone decided meanwhile is "already-decided";
 * 4. append the batch's own event naming what was decided and what was left.
 * Idempotent: repeating the request decides nothing twice. A failure part-way leaves every
 * member either decided (with all its writes) or untouched.
 */
export async function decideBatch(
  ports: BatchDecisionPorts,
  actor: ScopedActor & { name?: string },
  tx: TransitionContext,
  id: string,
  input: BatchDecisionInput,
): Promise<{ batchId: string; results: DecisionOutcome[] }> {
  const batch = await loadBatch(ports.batches, actor, id, "task.decide");
  const { members } = await readBatch(ports, actor, tx, id);
  const states: MemberState[] = members.map((m) => ({
    proposalId: m.proposalId,
    ...(m.reference ? { reference: m.reference } : {}),
    ...(m.status ? { status: m.status } : {}),
    ...(m.currentTaskId ? { currentTaskId: m.currentTaskId } : {}),
    ...(m.norms ? { norms: m.norms } : {}),
  }));
  const plans: MemberPlan[] = input.items
    ? domain.planItems(states, input.items)
    : domain.planAll(states, input.decision ?? "approve", input.comment);
  const results = await mapSettled(plans, PARALLEL, async (plan): Promise<DecisionOutcome> => {
    if (plan.action === "skip")
      return { proposalId: plan.proposalId, outcome: plan.outcome, reason: plan.reason };
    try {
      const res = await decideTask(ports, actor, tx, plan.taskId, {
        decision: plan.decision,
        ...(plan.comment ? { comment: plan.comment } : {}),
      });
      return {
        proposalId: plan.proposalId,
        outcome: "decided",
        decision: plan.decision,
        status: res.status,
      };
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      // Decided (or ended) by someone else meanwhile; anything else (held by another approver,
      // a comment missing) is a refusal that leaves the member as it was.
      const closed = err.extra.decidedBy !== undefined || err.extra.taskStatus !== undefined;
      const outcome = closed ? "already-decided" : "refused";
      return { proposalId: plan.proposalId, outcome, reason: err.message };
    }
  });
  const decided = results.filter((r) => r.outcome === "decided");
  if (decided.length > 0) {
    await ports.audit.append(
      auditStreams.batch(batch.id),
      {
        type: "batch.decided",
        from: batch.status,
        to: batch.status,
        data: {
          mode: input.items ? "items" : "all",
          decided: decided.map((r) => ({ proposalId: r.proposalId, decision: r.decision })),
          left: results
            .filter((r) => r.outcome !== "decided")
            .map((r) => ({ proposalId: r.proposalId, outcome: r.outcome })),
        },
      },
      tx,
      scopeOf(batch),
    );
  }
  return { batchId: batch.id, results };
}
