import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../kernel/errors.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { ceilingFindings, ceilingIssues } from "../domain/ceiling.ts";
import { findingsOf, type NormSetDraftRecord } from "../domain/drafts.ts";
import { NormSetValidationError, prepareNormSetVersion } from "../domain/publish.ts";
import type { NormSet } from "../domain/types.ts";
import type { NormSetDrafts, NormSetStore } from "../ports.ts";

/** The id a submission names, if it names one (the rest is validated by the domain). */
function submittedId(submitted: unknown): string | undefined {
  return typeof submitted === "object" &&
    submitted !== null &&
    "id" in submitted &&
    typeof submitted.id === "string"
    ? submitted.id
    : undefined;
}

export interface NormSetPorts {
  normSets: Pick<NormSetStore, "list" | "versions">;
  drafts: NormSetDrafts;
}

/** The next version of a submitted set, validated against the sets there are now. */
async function prepare(
  ports: NormSetPorts,
  actor: ScopedActor,
  body: unknown,
  at: string,
): Promise<NormSet> {
  const id = submittedId(body);
  const [all, own] = await Promise.all([
    ports.normSets.list(),
    id ? ports.normSets.versions(id) : Promise.resolve([]),
  ]);
  const byKey = new Map([...all, ...own].map((s) => [`${s.id}#${s.version}`, s]));
  return prepareNormSetVersion(body, [...byKey.values()], actor, at);
}

/** A national set is the national role's (Trung ương) to draft and to approve. */
function authorizeScope(actor: ScopedActor, set: Pick<NormSet, "scope">): void {
  if (set.scope.kind === "national") authorize(actor, "norms.national");
}

/**
 * Drafts a norm set version (a new set or the next version of one). It takes effect only when a
 * second person approves it.
 * 1. authorize (admins; national sets: the national role);
 * 2. validate and number it as a publication would (schema, effective date not before the
 *    instrument's, never retroactive, a province only narrows);
 * 3. compare every cap with the legal ceiling: a province above it is refused now; a national cap
 *    above it is listed on the draft for the approver (approval needs the new legal text it
 *    cites, confirmed);
 * 4. write the draft with its audit event (normset.drafted, stream NS#<setId>).
 */
export async function draftNormSet(
  ports: NormSetPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  body: unknown,
): Promise<NormSetDraftRecord> {
  authorize(actor, "norms.draft");
  const set = await prepare(ports, actor, body, tx.at);
  authorizeScope(actor, set);
  // A province above the ceiling can never be approved: refused now. A national cap above it is
  // kept on the draft for the approver, who must see its legal citation (or refuse it).
  if (set.scope.kind === "province") {
    const blocking = ceilingIssues(set, { approving: false, confirmed: false });
    if (blocking.length > 0) throw new NormSetValidationError(blocking);
  }
  const { version: _v, publishedAt: _p, publishedBy: _b, draftedBy: _d, ...draft } = set;
  const record: NormSetDraftRecord = {
    draftId: ports.drafts.newDraftId(),
    setId: set.id,
    scope: set.scope,
    status: "pending",
    draft,
    draftedBy: actor.id,
    draftedAt: tx.at,
    aboveCeiling: findingsOf(ceilingFindings(set)),
  };
  await ports.drafts.save(
    record,
    {
      type: "normset.drafted",
      from: null,
      to: "pending",
      data: {
        draftId: record.draftId,
        setId: set.id,
        nextVersion: set.version,
        effectiveFrom: set.effectiveFrom,
        scope: set.scope.kind,
        items: set.items.length,
        aboveCeiling: record.aboveCeiling.map((f) => f.code),
      },
    },
    tx,
  );
  return record;
}

/**
 * A second person approves a draft: only then does the version exist and take effect.
 * 1. authorize; the drafter never approves their own draft (four eyes);
 * 2. re-validate against the sets and the date of now (another version may have been published;
 *    the start date must still be in the future);
 * 3. the ceiling again: a national cap above it needs its legal citation confirmed by the
 *    approver (`confirmLegalCitations`);
 * 4. one transaction: the version, the draft marked approved (still pending: two approvers at
 *    once, one wins) and the audit event normset.published.
 */
export async function approveNormSetDraft(
  ports: NormSetPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  draftId: string,
  input: { confirmLegalCitations?: boolean | undefined },
): Promise<NormSet> {
  authorize(actor, "norms.approve");
  const record = await ports.drafts.find(draftId);
  if (!record) throw new NotFoundError(`norm set draft ${draftId} does not exist`);
  authorizeScope(actor, record);
  if (record.status !== "pending") {
    throw new ConflictError(
      `norm set draft ${draftId} was already approved by ${record.approvedBy ?? "?"} (version ${record.version ?? "?"})`,
      { approvedBy: record.approvedBy, version: record.version },
    );
  }
  if (record.draftedBy === actor.id) {
    throw new ForbiddenError(
      "four eyes: the person who drafted a norm set cannot approve it; a second admin must / người soạn không được tự phê duyệt bộ định mức",
    );
  }
  const prepared = await prepare(ports, actor, record.draft, tx.at);
  const issues = ceilingIssues(prepared, {
    approving: true,
    confirmed: input.confirmLegalCitations === true,
  });
  if (issues.length > 0) throw new NormSetValidationError(issues);
  const set: NormSet = { ...prepared, draftedBy: record.draftedBy, publishedBy: actor.id };
  await ports.drafts.approve(
    {
      ...record,
      status: "approved",
      approvedBy: actor.id,
      approvedAt: tx.at,
      version: set.version,
    },
    set,
    {
      type: "normset.published",
      from: set.version > 1 ? `v${set.version - 1}` : null,
      to: `v${set.version}`,
      data: {
        draftId,
        setId: set.id,
        version: set.version,
        effectiveFrom: set.effectiveFrom,
        scope: set.scope.kind,
        items: set.items.length,
        draftedBy: record.draftedBy,
        aboveCeilingConfirmed: record.aboveCeiling.map((f) => f.code),
      },
    },
    tx,
  );
  return set;
}

/** Drafts for the people who may approve them. */
export async function listNormSetDrafts(
  ports: Pick<NormSetPorts, "drafts">,
  actor: ScopedActor,
  limit = 50,
): Promise<NormSetDraftRecord[]> {
  authorize(actor, "norms.approve");
  return ports.drafts.list(limit);
}
