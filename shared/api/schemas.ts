import * as z from "zod";
import { ACTIVITIES, BENEFICIARY_KINDS } from "../domain/types.ts";

/**
 * Request and response schemas of the API. Handlers parse with them; the OpenAPI document is
 * generated from them (shared/api/openapi.ts), so the reference cannot drift from the code.
 */
const MAX_DONG = 10_000_000_000;

export const Dong = z
  .number({ error: "must be a number of đồng" })
  .int({ error: "must be a whole number of đồng (no fractions)" })
  .min(0, { error: "must not be negative" })
  .max(MAX_DONG, { error: `must be at most ${MAX_DONG} đồng` })
  .meta({ description: "Amount in integer Vietnamese đồng (VND)", examples: [30000000] });

const Code = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "letters, digits, '.', '_' or '-' (1-64)" });

export const Activity = z.enum(ACTIVITIES).meta({ description: "Project 8 activity: A1 savings groups, A2 technology for livelihood groups, A3 trusted addresses, A4 trafficking survivors" });
export const BeneficiaryKind = z.enum(BENEFICIARY_KINDS);
export const Phase = z.enum(["2021-2025", "2026-2035"]);

const KINDS_BY_ACTIVITY: Record<z.infer<typeof Activity>, readonly string[]> = {
  A1: ["SAVINGS_GROUP"],
  A2: ["LIVELIHOOD_GROUP", "COOPERATIVE_GROUP", "COOPERATIVE"],
  A3: ["TRUSTED_ADDRESS"],
  A4: ["SURVIVOR_MODEL"],
};

export const ProposalItemInput = z
  .object({
    code: Code.meta({ description: "Norm item code, e.g. A2.TECH_SUPPORT (GET /v1/norm-sets lists them)" }),
    description: z.string().trim().min(1).max(500),
    supportAmount: Dong.min(1, { error: "must be at least 1 đồng" }),
    totalCost: Dong,
    months: z.number().int().min(1).max(12).optional().meta({ description: "For per-month norms: months claimed" }),
  })
  .refine((i) => i.totalCost >= i.supportAmount, {
    error: "totalCost must be at least supportAmount (the difference is co-financed)",
    path: ["totalCost"],
  });

export const BeneficiaryInput = z.object({
  kind: BeneficiaryKind,
  id: Code.meta({ description: "Registry code of the group, address or model; never a person's ID number" }),
  name: z.string().trim().min(1).max(200),
});

export const PersonalDataInput = z
  .object({
    fullName: z.string().max(200).optional(),
    idNumber: z.string().max(32).optional(),
    phone: z.string().max(32).optional(),
    address: z.string().max(500).optional(),
    story: z.string().max(8000).optional(),
  })
  .strict()
  .meta({ description: "A3/A4 only. Encrypted at field level; never indexed, logged or emailed" });

const draftShape = {
  activity: Activity,
  phase: Phase.default("2021-2025"),
  title: z.string().trim().min(1).max(200),
  summary: z.string().max(4000).optional(),
  beneficiary: BeneficiaryInput,
  items: z.array(ProposalItemInput).min(1, { error: "at least one item" }).max(50),
  personal: PersonalDataInput.optional(),
};

type DraftLike = {
  activity: z.infer<typeof Activity>;
  beneficiary: { kind: string };
  personal?: unknown;
};

function consistent(d: DraftLike, ctx: z.RefinementCtx): void {
  const kinds = KINDS_BY_ACTIVITY[d.activity];
  if (!kinds.includes(d.beneficiary.kind)) {
    ctx.addIssue({
      code: "custom",
      path: ["beneficiary", "kind"],
      message: `activity ${d.activity} supports ${kinds.join(", ")}`,
    });
  }
  if (d.personal !== undefined && d.activity !== "A3" && d.activity !== "A4") {
    ctx.addIssue({ code: "custom", path: ["personal"], message: "personal data is only kept for A3 and A4" });
  }
}

export const CreateProposalInput = z
  .object({ ...draftShape, communeId: Code })
  .strict()
  .superRefine(consistent)
  .meta({ id: "CreateProposalInput" });

export const UpdateProposalInput = z
  .object({ ...draftShape, version: z.number().int().min(1).optional() })
  .strict()
  .superRefine(consistent)
  .meta({ id: "UpdateProposalInput" });

export const DecisionInput = z
  .object({
    decision: z.enum(["approve", "return", "reject"]),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .meta({ id: "DecisionInput" });

export const DisbursementInput = z
  .object({
    amount: Dong.min(1, { error: "must be at least 1 đồng" }),
    paidOn: z.iso.date({ error: "must be a date YYYY-MM-DD" }),
    reference: z.string().trim().min(1).max(64).meta({ description: "Payment order / treasury reference" }),
  })
  .strict()
  .meta({ id: "DisbursementInput" });

export const MonitoringReportInput = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be a month YYYY-MM" }),
    usedAmount: Dong,
    progress: z.enum(["on_track", "delayed", "problem"]),
    summary: z.string().trim().min(1).max(4000),
  })
  .strict()
  .meta({ id: "MonitoringReportInput" });

export const CloseInput = z.object({ comment: z.string().trim().max(2000).optional() }).strict();
export const CancelInput = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const ListQuery = z.object({
  status: z.string().optional(),
  communeId: Code.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    titleVi: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const ProposalView = z
  .object({
    id: z.string(),
    reference: z.string(),
    activity: Activity,
    phase: Phase,
    title: z.string(),
    summary: z.string().optional(),
    communeId: z.string(),
    reviewUnitId: z.string(),
    provinceId: z.string(),
    beneficiary: BeneficiaryInput,
    items: z.array(ProposalItemInput),
    status: z.enum(["DRAFT", "IN_REVIEW", "RETURNED", "REJECTED", "NORM_CHECK", "APPROVED", "DISBURSING", "MONITORING", "CLOSED", "CANCELLED"]),
    statusReason: z.string().optional(),
    version: z.number().int(),
    submissionNo: z.number().int(),
    approvedAmount: Dong.optional(),
    disbursedTotal: Dong,
    hasPersonalData: z.boolean(),
    personal: PersonalDataInput.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Proposal" });
