/** Request and response schemas of the batches capability (the OpenAPI document reads them). */
import * as z from "zod/mini";
import { PROPOSAL_STATUSES } from "../kernel/types.ts";
import { FUNDING_SOURCE_IDS } from "../norms/domain/phase.ts";
import { Dong, ProposalItemInput } from "../proposals/schemas.ts";
import { RegistryIdInput } from "../registry/schemas.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { BATCH_ACTIVITIES, MAX_BATCH_MEMBERS } from "./domain/batch.ts";

const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const Code = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "letters, digits, '.', '_' or '-' (1-64)" })),
);
const Decision = /* @__PURE__ */ lazy(() => z.enum(["approve", "return", "reject"]));

export const BatchMemberInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    beneficiaryId: meta(RegistryIdInput.clone(), {
      description: "a registered beneficiary of the batch's commune whose kind fits the activity",
    }),
    title: z.optional(text(1, 200)),
    items: z
      .array(ProposalItemInput)
      .check(z.minLength(1, { error: "at least one item" }), z.maxLength(10)),
  }),
);

export const CreateBatchInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      activity: meta(z.enum(BATCH_ACTIVITIES), {
        description: "A1 savings groups or A3 trusted addresses: the activities decided as lists",
      }),
      title: text(1, 200),
      period: z.optional(
        meta(z.string().check(z.regex(/^\d{4}-Q[1-4]$/, { error: "a quarter YYYY-Qn" })), {
          description: "the quarter the list is for, e.g. 2026-Q3",
        }),
      ),
      fundingSource: z.optional(z.enum(FUNDING_SOURCE_IDS)),
      communeId: Code,
      members: meta(
        // The domain refuses more than 100 and names the first one too many (members.100).
        z.array(BatchMemberInput).check(z.maxLength(1000)),
        {
          description: `1-${MAX_BATCH_MEMBERS} members, each a registered beneficiary at most once, each becoming a proposal of its own`,
        },
      ),
    }),
  ),
  { id: "CreateBatchInput" },
);

export const DecideBatchInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z
      .strictObject({
        decision: meta(z.optional(Decision), {
          description:
            "all at once: every member still in review gets this decision, each its own; with approve, a member failing its norm check is named and left",
        }),
        comment: z.optional(text(0, 2000)),
        items: meta(
          z.optional(
            z
              .array(
                z.strictObject({
                  proposalId: text(1, 64),
                  decision: Decision,
                  comment: z.optional(text(0, 2000)),
                }),
              )
              .check(z.minLength(1), z.maxLength(MAX_BATCH_MEMBERS)),
          ),
          { description: "item by item: a decision per member" },
        ),
      })
      .check(
        z.refine((b) => (b.decision === undefined) !== (b.items === undefined), {
          error: "give either decision (all at once) or items (item by item)",
          path: ["decision"],
        }),
      ),
  ),
  { id: "DecideBatchInput" },
);

export const BatchListQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    communeId: z.optional(z.string().check(z.maxLength(64))),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  }),
);

const MemberView = /* @__PURE__ */ lazy(() =>
  z.object({
    proposalId: z.string(),
    beneficiaryId: z.string(),
    reference: z.optional(z.string()),
    title: z.optional(z.string()),
    beneficiaryName: z.optional(z.string()),
    amount: Dong,
    status: z.optional(z.enum(PROPOSAL_STATUSES)),
    statusReason: z.optional(z.string()),
    currentTaskId: z.optional(z.string()),
    decision: z.optional(z.object({ decision: Decision, by: z.string(), at: z.string() })),
    norms: z.optional(z.object({ passed: z.boolean(), failed: z.array(z.string()) })),
  }),
);

export const BatchView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      id: z.string(),
      activity: z.enum(BATCH_ACTIVITIES),
      title: z.string(),
      period: z.optional(z.string()),
      communeId: z.string(),
      reviewUnitId: z.string(),
      provinceId: z.string(),
      status: z.enum(["DRAFT", "SUBMITTED"]),
      progress: meta(z.enum(["DRAFT", "IN_REVIEW", "DECIDED"]), {
        description:
          "from the members: DECIDED once none is a draft, in review or in the norm check",
      }),
      version: z.number(),
      amount: Dong,
      counts: z.record(z.string(), z.number()),
      members: z.array(MemberView),
      createdAt: z.string(),
      createdBy: z.string(),
      submittedAt: z.optional(z.string()),
    }),
  ),
  { id: "BatchView" },
);

export const BatchDecisionResult = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      batchId: z.string(),
      results: z.array(
        z.object({
          proposalId: z.string(),
          outcome: z.enum(["decided", "already-decided", "not-ready", "norm-failed", "refused"]),
          decision: z.optional(Decision),
          status: z.optional(z.string()),
          reason: z.optional(z.string()),
        }),
      ),
    }),
  ),
  { id: "BatchDecisionResult" },
);
