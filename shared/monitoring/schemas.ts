/** Request schemas of the monitoring routes (zod/mini; the OpenAPI document is generated from them). */
import * as z from "zod/mini";
import { ACTIVITIES } from "../kernel/types.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import { EVENT_KINDS } from "./domain/deltas.ts";
import { DIMENSIONS, MEASURES } from "./domain/measures.ts";

const Code = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "letters, digits, '.', '_' or '-' (1-64)" })),
);
const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const count = (max: number) =>
  z
    .number({ error: "must be a number" })
    .check(
      z.int({ error: "must be a whole number" }),
      z.minimum(0, { error: "must not be negative" }),
      z.maximum(max, { error: `must be at most ${max}` }),
    );

export const Period = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.string().check(
      z.regex(/^\d{4}(-(Q[1-4]|H[12]))?$/, {
        error: "a year (2026), a half (2026-H1) or a quarter (2026-Q2)",
      }),
    ),
  ),
  { description: "A year (2026), a half (2026-H1, sơ kết) or a quarter (2026-Q2)" },
);

export const DashboardQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    placeId: z.optional(Code),
    period: z.optional(Period),
    format: z.optional(z.enum(["json", "xlsx"])),
  }),
);

export const ReportListQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    placeId: z.optional(Code),
    period: Period,
  }),
);

export const EventListQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    unitId: z.optional(Code),
    year: z.coerce.number().check(z.int(), z.minimum(2021), z.maximum(2035)),
  }),
);

const TextPair = /* @__PURE__ */ lazy(() =>
  z.strictObject({ vi: text(1, 2000), en: text(1, 2000) }),
);

const MeasureName = /* @__PURE__ */ lazy(() =>
  z.string().check(
    z.refine((m) => m in MEASURES || /^entered\.[A-Za-z0-9._-]{1,64}$/.test(m), {
      error: `one of ${Object.keys(MEASURES).join(", ")}`,
    }),
  ),
);
const MeasureRef = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    measure: MeasureName,
    dims: z.optional(z.record(z.enum(DIMENSIONS), text(1, 32))),
  }),
);
const Term = /* @__PURE__ */ lazy(() =>
  z.union([
    MeasureRef,
    z.strictObject({ sum: z.array(MeasureRef).check(z.minLength(1), z.maxLength(10)) }),
  ]),
);

export const IndicatorInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      activity: z.nullable(z.enum(ACTIVITIES)),
      name: TextPair,
      unit: z.enum(["percent", "count", "dong"]),
      definition: z.strictObject({
        counts: TextPair,
        denominator: z.optional(TextPair),
        period: TextPair,
        source: TextPair,
      }),
      formula: z.union([
        Term,
        z.strictObject({ ratio: z.strictObject({ numerator: Term, denominator: Term }) }),
        z.strictObject({ entered: z.literal(true) }),
      ]),
      disaggregations: z.array(z.enum(DIMENSIONS)).check(z.maxLength(3)),
      targetLevels: z.array(z.enum(["nation", "province", "commune"])),
      headline: z.optional(z.boolean()),
    }),
  ),
  { id: "IndicatorInput" },
);

export const TargetsInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      targets: z.record(Code, count(10_000_000_000_000)),
    }),
  ),
  {
    id: "TargetsInput",
    description: "Indicator code → target for the year (a percentage for % indicators)",
  },
);

export const Participants = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    femaleMinority: count(100_000),
    femaleKinh: count(100_000),
    maleMinority: count(100_000),
    maleKinh: count(100_000),
  }),
);

const eventShape = {
  kind: lazy(() => z.enum(EVENT_KINDS)),
  activity: lazy(() => z.optional(z.enum(ACTIVITIES))),
  title: lazy(() => text(1, 300)),
  heldOn: lazy(() => z.iso.date({ error: "must be a date YYYY-MM-DD" })),
  participants: meta(
    lazy(() => Participants.clone()),
    {
      description: "Participants by gender and Kinh / ethnic minority (counts, no names)",
    },
  ),
};

export const EventInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ unitId: Code, ...eventShape })),
  {
    id: "ProgrammeEventInput",
  },
);

export const EventCorrectionInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ ...eventShape, reason: text(1, 1000) })),
  {
    id: "ProgrammeEventCorrection",
  },
);

export const ReportInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      entered: z._default(z.record(Code, count(10_000_000)), {}),
      narrative: z._default(
        z.strictObject({
          results: z.optional(text(0, 8000)),
          difficulties: z.optional(text(0, 8000)),
          recommendations: z.optional(text(0, 8000)),
        }),
        {},
      ),
    }),
  ),
  { id: "PeriodicReportInput" },
);

export const ReportDecisionInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({ decision: z.enum(["approve", "return"]), comment: z.optional(text(0, 2000)) }),
  ),
  { id: "PeriodicReportDecision" },
);

export const ReopenInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ reason: text(1, 2000) })),
  {
    id: "PeriodicReportReopen",
  },
);
