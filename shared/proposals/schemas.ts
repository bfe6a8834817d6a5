import * as z from "zod/mini";
import { ACTIVITIES, BENEFICIARY_KINDS, PROPOSAL_STATUSES } from "../kernel/types.ts";
import { FUNDING_SOURCE_IDS } from "../norms/domain/phase.ts";
import { RegistryIdInput } from "../registry/schemas.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

/**
 * Request and response schemas of the API. Handlers parse with them; the OpenAPI document is
 * generated from them (shared/contract/openapi.ts), so the reference cannot drift from the code.
 */
const MAX_DONG = 10_000_000_000;

const dong = (min = 0) =>
  meta(
    z.number({ error: "must be a number of đồng" }).check(
      z.int({ error: "must be a whole number of đồng (no fractions)" }),
      z.minimum(min, {
        error: min === 0 ? "must not be negative" : `must be at least ${min} đồng`,
      }),
      z.maximum(MAX_DONG, { error: `must be at most ${MAX_DONG} đồng` }),
    ),
    { description: "Amount in integer Vietnamese đồng (VND)", examples: [30000000] },
  );
export const Dong = /* @__PURE__ */ lazy(() => dong());

const Code = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "letters, digits, '.', '_' or '-' (1-64)" })),
);
const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const Activity = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.enum(ACTIVITIES)),
  {
    description:
      "Project 8 activity: A1 savings groups, A2 technology for livelihood groups, A3 trusted addresses, A4 trafficking survivors",
  },
);
export const BeneficiaryKind = /* @__PURE__ */ lazy(() => z.enum(BENEFICIARY_KINDS));
export const Phase = /* @__PURE__ */ lazy(() => z.enum(["2021-2025", "2026-2035"]));

export const ProposalItemInput = /* @__PURE__ */ lazy(() =>
  z
    .strictObject({
      code: meta(Code.clone(), {
        description: "Norm item code, e.g. A2.TECH_SUPPORT (GET /v1/norm-sets lists them)",
      }),
      description: text(1, 500),
      supportAmount: dong(1),
      totalCost: Dong,
      months: z.optional(
        meta(z.number().check(z.int(), z.minimum(1), z.maximum(12)), {
          description: "For per-month norms: months claimed",
        }),
      ),
      startMonth: z.optional(
        meta(
          z
            .string()
            .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be a month YYYY-MM" })),
          {
            description:
              "For per-month norms: the first month claimed (default: the month of the decision); the months must lie within the group's first months from its founding date",
          },
        ),
      ),
    })
    .check(
      z.refine((i) => i.totalCost >= i.supportAmount, {
        error: "totalCost must be at least supportAmount (the difference is co-financed)",
        path: ["totalCost"],
      }),
    ),
);

/** The beneficiary as a proposal shows it: copied from the registry when the draft was written. */
export const BeneficiaryView = /* @__PURE__ */ lazy(() =>
  z.object({
    kind: BeneficiaryKind,
    id: meta(z.string(), {
      description:
        "Registry id (BN-...); proposals stored before the registry show the text typed then",
    }),
    name: z.string(),
    foundedOn: z.optional(z.string()),
  }),
);

export const PersonalDataInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      fullName: z.optional(z.string().check(z.maxLength(200))),
      idNumber: z.optional(z.string().check(z.maxLength(32))),
      phone: z.optional(z.string().check(z.maxLength(32))),
      address: z.optional(z.string().check(z.maxLength(500))),
      story: z.optional(z.string().check(z.maxLength(8000))),
    }),
  ),
  { description: "A3/A4 only. Encrypted at field level; never indexed, logged or emailed" },
);

const draftShape = {
  activity: Activity,
  phase: meta(
    lazy(() => z.optional(Phase)),
    {
      description:
        "deprecated: states the funding source of that phase. Without phase or fundingSource the phase follows the decision date (2021-2025 tasks up to 31/12/2026, Circular 60/2026 Art. 21.1; 2026-2035 after)",
    },
  ),
  fundingSource: meta(
    lazy(() => z.optional(z.enum(FUNDING_SOURCE_IDS))),
    {
      description: "the budget line; the programme phase (and so the norm set) follows it",
    },
  ),
  title: lazy(() => text(1, 200)),
  summary: lazy(() => z.optional(z.string().check(z.maxLength(4000)))),
  items: lazy(() =>
    z
      .array(ProposalItemInput)
      .check(z.minLength(1, { error: "at least one item" }), z.maxLength(50)),
  ),
  personal: lazy(() => z.optional(PersonalDataInput)),
};

type DraftLike = {
  activity: z.infer<typeof Activity>;
  personal?: unknown;
};

const consistent = /* @__PURE__ */ lazy(() =>
  z.superRefine((d: DraftLike, ctx) => {
    if (d.personal !== undefined && d.activity !== "A3" && d.activity !== "A4") {
      ctx.addIssue({
        code: "custom",
        path: ["personal"],
        message: "personal data is only kept for A3 and A4",
        input: d,
      });
    }
  }),
);

const BeneficiaryId = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => RegistryIdInput.clone()),
  {
    description:
      "The registered beneficiary (GET /v1/registry/beneficiaries): a group, cooperative, trusted address or survivor case of the proposal's commune; its kind must fit the activity",
  },
);

export const CreateProposalInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z
      .strictObject({ ...draftShape, communeId: Code, beneficiaryId: BeneficiaryId })
      .check(consistent),
  ),
  { id: "CreateProposalInput" },
);

export const UpdateProposalInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z
      .strictObject({
        ...draftShape,
        beneficiaryId: z.optional(BeneficiaryId),
        version: z.optional(z.number().check(z.int(), z.minimum(1))),
      })
      .check(consistent),
  ),
  { id: "UpdateProposalInput" },
);

export const DecisionInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      decision: z.enum(["approve", "return", "reject"]),
      comment: z.optional(text(0, 2000)),
      reductions: meta(
        z.optional(
          z
            .array(
              z.strictObject({
                item: meta(z.number().check(z.int(), z.gte(0), z.lte(99)), {
                  description: "index of the item in the proposal's items (0 = first)",
                }),
                amount: meta(z.number().check(z.int(), z.gte(0), z.lte(1_000_000_000_000)), {
                  description:
                    "support approved for the item, integer đồng, below the amount asked",
                }),
                reason: text(1, 500),
              }),
            )
            .check(z.maxLength(100)),
        ),
        {
          description:
            "Partial approval (only with approve): items granted a reduced amount, each with its reason; the norm check reserves the reduced amounts",
        },
      ),
    }),
  ),
  { id: "DecisionInput" },
);

export const PayeeInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      bankBin: meta(z.string().check(z.regex(/^\d{6}$/, { error: "a 6-digit bank BIN (NAPAS)" })), {
        description: "the beneficiary's bank, as its 6-digit NAPAS BIN (e.g. 970405 Agribank)",
      }),
      accountNumber: z
        .string()
        .check(z.regex(/^[0-9A-Za-z]{4,19}$/, { error: "4-19 letters or digits" })),
      accountName: text(1, 100),
    }),
  ),
  {
    description:
      "The beneficiary's account the transfer goes to (the group's or the model's account); the payment order carries it as a VietQR code",
  },
);

export const DisbursementInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      amount: dong(1),
      paidOn: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
      reference: meta(text(1, 64), { description: "Payment order / treasury reference" }),
      payee: z.optional(PayeeInput),
    }),
  ),
  { id: "DisbursementInput" },
);

export const ReversalInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ reason: text(1, 1000) })),
  {
    id: "ReversalInput",
  },
);

export const RefundInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      amount: dong(1),
      paidOn: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
      reference: meta(text(1, 64), { description: "Receipt / treasury reference of the refund" }),
    }),
  ),
  { id: "RefundInput" },
);

export const SettlementDocumentInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    kind: z.enum(["invoice", "receipt", "contract", "acceptance", "other"]),
    number: text(1, 64),
    issuedOn: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
    description: z.optional(text(0, 500)),
    attachmentId: meta(z.optional(Code), {
      description: "id of the stored file, once attachments exist (issue 14)",
    }),
  }),
);

export const SettlementInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      amount: meta(Dong.clone(), {
        description: "the settled (actual) support, at most the amount paid",
      }),
      settledOn: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
      documents: z
        .array(SettlementDocumentInput)
        .check(z.minLength(1, { error: "at least one document" }), z.maxLength(50)),
      note: z.optional(text(0, 2000)),
      items: z.optional(
        z.array(z.strictObject({ code: Code, amount: Dong })).check(z.maxLength(50)),
      ),
    }),
  ),
  { id: "SettlementInput" },
);

export const MonitoringReportInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      period: z
        .string()
        .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be a month YYYY-MM" })),
      usedAmount: Dong,
      progress: z.enum(["on_track", "delayed", "problem"]),
      summary: text(1, 4000),
    }),
  ),
  { id: "MonitoringReportInput" },
);

export const CloseInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({ comment: z.optional(text(0, 2000)) }),
);
export const CancelInput = /* @__PURE__ */ lazy(() => z.strictObject({ reason: text(1, 500) }));

export const ListQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    status: z.optional(z.string()),
    communeId: z.optional(Code),
    provinceId: z.optional(Code),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  }),
);

export const ProblemSchema = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      type: z.string(),
      title: z.string(),
      titleVi: z.string(),
      status: z.number().check(z.int()),
      detail: z.string(),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
  ),
  { id: "Problem", description: "RFC 9457 problem details" },
);

export const ProposalView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      id: z.string(),
      reference: z.string(),
      activity: Activity,
      phase: Phase,
      fundingSource: z.optional(z.enum(FUNDING_SOURCE_IDS)),
      title: z.string(),
      summary: z.optional(z.string()),
      communeId: z.string(),
      reviewUnitId: z.string(),
      provinceId: z.string(),
      beneficiary: BeneficiaryView,
      items: z.array(ProposalItemInput),
      batchId: meta(z.optional(z.string()), {
        description: "the batch the proposal was proposed in (GET /v1/batches/{id})",
      }),
      status: z.enum(PROPOSAL_STATUSES),
      statusReason: z.optional(z.string()),
      version: z.number(),
      submissionNo: z.number(),
      approvedAmount: z.optional(Dong),
      approvedItems: meta(z.optional(z.array(ProposalItemInput)), {
        description: "the items as approved (reduced amounts of a partial approval applied)",
      }),
      disbursedTotal: Dong,
      settlement: z.optional(
        z.object({
          amount: Dong,
          settledOn: z.string(),
          released: Dong,
          refundDue: Dong,
          refundReceived: Dong,
        }),
      ),
      hasPersonalData: z.boolean(),
      survivorPseudonym: meta(z.optional(z.string()), {
        description: "stable pseudonym of the survivor, for roles that may not see personal data",
      }),
      personal: z.optional(PersonalDataInput),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  { id: "Proposal" },
);
