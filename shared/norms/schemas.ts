import * as z from "zod/mini";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { normSetSchema } from "./domain/schema.ts";
import { NORM_RULE_KINDS } from "./domain/types.ts";

/**
 * Response shapes of the norm endpoints, for the API reference. The check result lists every
 * rule applied, pass or fail, with the amounts, the cap and the citation, in both languages.
 */
const Citation = /* @__PURE__ */ lazy(() =>
  z.object({
    document: z.string(),
    documentEn: z.string(),
    article: z.string(),
    articleEn: z.string(),
    quoteVi: meta(z.string(), { description: "the wording of the law, quoted exactly" }),
    note: z.optional(z.string()),
  }),
);
const SetRef = /* @__PURE__ */ lazy(() =>
  z.object({
    id: z.string(),
    version: z.number(),
    scope: z.object({ kind: z.enum(["national", "province"]), provinceId: z.optional(z.string()) }),
  }),
);

export const NormRuleResultView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      ruleId: meta(z.string(), {
        description: "`<kind>[:<itemCode>][:L<line>]`, unique within a result",
      }),
      kind: z.enum(NORM_RULE_KINDS),
      severity: meta(z.enum(["check", "info"]), {
        description: "info rules (co-financing) never fail the check",
      }),
      itemCode: z.optional(z.string()),
      line: meta(z.optional(z.number()), { description: "1-based line of the proposal" }),
      passed: z.boolean(),
      amount: meta(z.number(), { description: "đồng, or months when measure is months" }),
      measure: z.enum(["dong", "months"]),
      cap: z.optional(z.number()),
      usedBefore: meta(z.optional(z.number()), {
        description: "already reserved for this beneficiary in the period",
      }),
      periodKey: meta(z.optional(z.string()), {
        description: "ALL (one-off) or Y<yyyy> (calendar year, Asia/Ho_Chi_Minh)",
      }),
      citation: z.optional(Citation),
      capSet: z.optional(SetRef),
      messageVi: z.string(),
      messageEn: z.string(),
    }),
  ),
  { id: "NormRuleResult" },
);

export const NormCheckResultView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      passed: z.boolean(),
      normSet: meta(
        z.object({
          national: z.nullable(SetRef),
          province: z.nullable(SetRef),
          localDate: z.string(),
          reasonVi: z.string(),
          reasonEn: z.string(),
        }),
        {
          description:
            "the sets applied and why (decision date and programme phase; a province set narrows the national one)",
        },
      ),
      rules: z.array(NormRuleResultView),
      reservations: meta(
        z.array(
          z.object({
            usageKey: z.string(),
            amount: z.number(),
            cap: z.number(),
            measure: z.enum(["dong", "months"]),
          }),
        ),
        {
          description: "what the approval reserves atomically; empty on a dry run that fails",
        },
      ),
      totals: z.object({ support: z.number(), totalCost: z.number(), coFinancing: z.number() }),
    }),
  ),
  {
    id: "NormCheckResult",
    description:
      "Result of the budget-norm check (GET /v1/proposals/{id} returns the latest as normCheck; lists carry a summary)",
  },
);

export const NormSetListView = /* @__PURE__ */ lazy(() =>
  z.object({ normSets: z.array(normSetSchema) }),
);

export const NormSetDraftView = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.object({
      draftId: z.string(),
      setId: z.string(),
      scope: z.object({
        kind: z.enum(["national", "province"]),
        provinceId: z.optional(z.string()),
      }),
      status: z.enum(["pending", "approved"]),
      draftedBy: z.string(),
      draftedAt: z.string(),
      aboveCeiling: meta(
        z.array(
          z.object({
            code: z.string(),
            cap: z.number(),
            ceiling: z.number(),
            ceilingCitation: z.string(),
            legalCitation: z.optional(z.string()),
          }),
        ),
        { description: "national caps above the legal ceiling, with the new legal text they cite" },
      ),
      approvedBy: z.optional(z.string()),
      approvedAt: z.optional(z.string()),
      version: z.optional(z.number()),
    }),
  ),
  { id: "NormSetDraft" },
);

export const ApproveNormSetInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    confirmLegalCitations: meta(z.optional(z.boolean()), {
      description:
        "the approver confirms the new legal text cited by caps above the legal ceiling (required when there are any)",
    }),
  }),
);
