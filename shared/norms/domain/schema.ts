/**
 * Validation of norm sets at the edge (publishing through the API, reading from the store).
 * Structural rules live here; rules that need other sets (versions, national caps) live in
 * publish.ts.
 */

import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import "../../validation/z.ts";
import { ACTIVITIES, BENEFICIARY_KINDS } from "../../kernel/types.ts";
import { lazy } from "../../validation/lazy.ts";
import { isLocalDate } from "./dates.ts";
import { CO_FINANCING_RULES, NORM_ITEM_KINDS, PHASES } from "./types.ts";

/** Largest cap accepted: far above any Project 8 figure, small enough to stay exact. */
export const MAX_CAP_DONG = 1_000_000_000_000;

const text = /* @__PURE__ */ lazy(() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
);
const bilingual = /* @__PURE__ */ lazy(() => z.object({ vi: text, en: text }));
const localDate = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(
      z.refine(isLocalDate, { message: "expected a calendar date YYYY-MM-DD (Asia/Ho_Chi_Minh)" }),
    ),
);
/** Whole, positive đồng: no floats, no negatives, no zero caps. */
const capDong = /* @__PURE__ */ lazy(() => z.int().check(z.minimum(1), z.maximum(MAX_CAP_DONG)));

export const citationSchema = /* @__PURE__ */ lazy(() =>
  z.object({
    document: text,
    documentEn: text,
    article: text,
    articleEn: text,
    quoteVi: text,
    note: z.optional(text),
  }),
);

export const normPeriodSchema = /* @__PURE__ */ lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("one_off") }),
    z.object({ kind: z.literal("per_year") }),
    z.object({
      kind: z.literal("per_month"),
      maxMonths: z.int().check(z.minimum(1), z.maximum(120)),
    }),
  ]),
);

export const ITEM_CODE = /^[A-Z][A-Z0-9]{0,7}\.[A-Z0-9_]{1,60}$/;
export const SET_ID = /^[A-Z0-9][A-Z0-9_-]{1,63}$/;

export const normItemSchema = /* @__PURE__ */ lazy(() =>
  z
    .object({
      code: z
        .string()
        .check(z.regex(ITEM_CODE, { message: "expected a code like A2.TECH_SUPPORT" })),
      activity: z.nullable(z.enum(ACTIVITIES)),
      beneficiaryKinds: z
        .array(z.enum(BENEFICIARY_KINDS))
        .check(z.maxLength(BENEFICIARY_KINDS.length)),
      name: bilingual,
      cap: capDong,
      unit: bilingual,
      period: normPeriodSchema,
      kind: z.enum(NORM_ITEM_KINDS),
      coFinancing: z.enum(CO_FINANCING_RULES),
      citation: citationSchema,
      aboveCeiling: z.optional(z.object({ legalCitation: citationSchema })),
    })
    .check(
      z.superRefine((item, ctx) => {
        if (item.activity !== null && !item.code.startsWith(`${item.activity}.`)) {
          ctx.addIssue({
            code: "custom",
            path: ["code"],
            message: `code of an ${item.activity} item must start with "${item.activity}."`,
          });
        }
        if (item.activity !== null && item.beneficiaryKinds.length === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["beneficiaryKinds"],
            message: "an item claimable by an activity needs at least one beneficiary kind",
          });
        }
        if (new Set(item.beneficiaryKinds).size !== item.beneficiaryKinds.length) {
          ctx.addIssue({ code: "custom", path: ["beneficiaryKinds"], message: "duplicate kind" });
        }
        if (item.kind !== "actual_cost" && item.period.kind === "per_month") {
          ctx.addIssue({
            code: "custom",
            path: ["period"],
            message: "a lump sum cannot be counted per month",
          });
        }
      }),
    ),
);

const scopeSchema = /* @__PURE__ */ lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("national") }),
    z.object({
      kind: z.literal("province"),
      provinceId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
    }),
  ]),
);

const draftShape = {
  id: lazy(() => z.string().check(z.regex(SET_ID, { message: "expected an id like TT55-2023" }))),
  title: bilingual,
  legalBasis: lazy(() =>
    z.object({
      document: text,
      documentEn: text,
      issuedOn: localDate,
      effectiveOn: z.optional(localDate),
      summaryVi: text,
      summaryEn: text,
    }),
  ),
  scope: scopeSchema,
  phase: lazy(() => z.enum(PHASES)),
  effectiveFrom: localDate,
  effectiveTo: lazy(() => z.optional(localDate)),
  spendingUntil: lazy(() => z.optional(localDate)),
  spendingRule: lazy(() => z.optional(citationSchema)),
  items: lazy(() => z.array(normItemSchema).check(z.minLength(1), z.maxLength(500))),
};

function refineSet(
  set: {
    effectiveFrom: string;
    effectiveTo?: string | undefined;
    spendingUntil?: string | undefined;
    legalBasis: { issuedOn: string; effectiveOn?: string | undefined };
    items: { code: string }[];
  },
  ctx: core.$RefinementCtx,
): void {
  const { effectiveOn, issuedOn } = set.legalBasis;
  if (effectiveOn !== undefined && effectiveOn < issuedOn) {
    ctx.addIssue({
      code: "custom",
      path: ["legalBasis", "effectiveOn"],
      message: "the instrument cannot take effect before it is signed (issuedOn)",
    });
  }
  if (effectiveOn !== undefined && set.effectiveFrom < effectiveOn) {
    ctx.addIssue({
      code: "custom",
      path: ["effectiveFrom"],
      message: `a set takes effect on its instrument's effective date (${effectiveOn}), not before`,
    });
  }
  if (set.spendingUntil !== undefined && set.spendingUntil < set.effectiveFrom) {
    ctx.addIssue({
      code: "custom",
      path: ["spendingUntil"],
      message: "spendingUntil is before effectiveFrom",
    });
  }
  if (set.effectiveTo !== undefined && set.effectiveTo < set.effectiveFrom) {
    ctx.addIssue({
      code: "custom",
      path: ["effectiveTo"],
      message: "effectiveTo is before effectiveFrom",
    });
  }
  const seen = new Set<string>();
  set.items.forEach((item, i) => {
    if (seen.has(item.code)) {
      ctx.addIssue({
        code: "custom",
        path: ["items", i, "code"],
        message: `duplicate item code ${item.code}`,
      });
    }
    seen.add(item.code);
  });
}

/**
 * Body of a draft: a set without version and publisher, which the approval assigns. A new draft
 * states when its instrument takes effect (legalBasis.effectiveOn).
 */
export const normSetDraftSchema = /* @__PURE__ */ lazy(() =>
  z
    .object({
      ...draftShape,
      legalBasis: z.object({ ...draftShape.legalBasis.shape, effectiveOn: localDate }),
    })
    .check(z.superRefine(refineSet)),
);

/** A stored or shipped version. */
export const normSetSchema = /* @__PURE__ */ lazy(() =>
  z
    .object({
      ...draftShape,
      version: z.int().check(z.minimum(1), z.maximum(9999)),
      publishedAt: z.iso.datetime({ offset: true }),
      publishedBy: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
      draftedBy: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(128))),
    })
    .check(z.superRefine(refineSet)),
);
