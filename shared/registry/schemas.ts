/**
 * Request and response schemas of the registry routes; the spreadsheet import validates each
 * row with the same schemas, so a field means the same thing on every channel.
 */
import * as z from "zod/mini";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";
import {
  ADDRESS_ORIGINS,
  GENDERS,
  LEADERSHIPS,
  ORG_STATUSES,
  REGISTRY_KINDS,
  SURVIVOR_NEEDS,
} from "./domain/beneficiary.ts";
import { LAYOUTS } from "./domain/import/layout.ts";

const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const date = () => z.iso.date({ error: "must be a date YYYY-MM-DD" });
const UnitCode = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "letters, digits, '.', '_' or '-' (1-64)" })),
);
export const RegistryIdInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z
      .string()
      .check(
        z.regex(/^BN-[0-9A-HJKMNP-TV-Z]{10}$/, { error: "a registry id, BN- and 10 characters" }),
      ),
  ),
  { description: "Registry id issued by the system, e.g. BN-7Q2MK9XDA4" },
);

export const RegistryKind = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.enum(REGISTRY_KINDS)),
  {
    description:
      "SAVINGS_GROUP Tổ TKVVTB (A1); LIVELIHOOD_GROUP tổ nhóm sinh kế, COOPERATIVE_GROUP THT, COOPERATIVE HTX (A2); TRUSTED_ADDRESS ĐCTC (A3); SURVIVOR_CASE (A4)",
  },
);
const Status = /* @__PURE__ */ lazy(() => z.enum(ORG_STATUSES));

const EthnicityText = /* @__PURE__ */ lazy(() => text(1, 40));
export const MemberCountInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    gender: z.enum(GENDERS),
    ethnicity: EthnicityText,
    count: z.number().check(z.int(), z.minimum(0), z.maximum(100_000)),
  }),
);

const savingsGroupShape = {
  kind: lazy(() => z.literal("SAVINGS_GROUP")),
  name: lazy(() => text(1, 200)),
  village: lazy(() => text(1, 100)),
  foundedOn: lazy(() => date()),
  status: lazy(() => z.optional(Status)),
  statusSince: lazy(() => z.optional(date())),
  facilitator: lazy(() => z.optional(text(1, 100))),
  galsSince: lazy(() => z.optional(date())),
};

const livelihoodShape = {
  kind: lazy(() => z.enum(["LIVELIHOOD_GROUP", "COOPERATIVE_GROUP", "COOPERATIVE"])),
  name: lazy(() => text(1, 200)),
  leadership: meta(
    lazy(() => z.enum(LEADERSHIPS)),
    {
      description: "women_led (phụ nữ làm chủ) or co_led (đồng làm chủ)",
    },
  ),
  memberCounts: lazy(() => z.array(MemberCountInput).check(z.maxLength(60))),
  products: lazy(() => z._default(z.array(text(1, 100)).check(z.maxLength(20)), [])),
  village: lazy(() => z.optional(text(1, 100))),
  foundedOn: lazy(() => z.optional(date())),
  status: lazy(() => z.optional(Status)),
};

const addressShape = {
  kind: lazy(() => z.literal("TRUSTED_ADDRESS")),
  name: lazy(() => text(1, 200)),
  village: lazy(() => z.optional(text(1, 100))),
  origin: meta(
    lazy(() => z.enum(ADDRESS_ORIGINS)),
    {
      description: "founded (thành lập mới) or upgraded (củng cố, nâng cấp)",
    },
  ),
  since: meta(
    lazy(() => date()),
    { description: "the date it was founded or upgraded" },
  ),
  status: lazy(() => z.optional(Status)),
  hostName: meta(
    lazy(() => z.optional(text(1, 200))),
    {
      description: "the host (chủ ĐCTC): personal data, sealed at rest, never indexed or logged",
    },
  ),
};

export const SurvivorPersonalInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      fullName: z.optional(text(1, 200)),
      phone: z.optional(text(1, 32)),
      address: z.optional(text(1, 500)),
      story: z.optional(z.string().check(z.maxLength(8000))),
    }),
  ),
  { description: "Minimum data of the survivor, sealed at rest; no ID numbers" },
);

const caseShape = {
  kind: lazy(() => z.literal("SURVIVOR_CASE")),
  listedOn: lazy(() => date()),
  needs: lazy(() => z.array(z.enum(SURVIVOR_NEEDS)).check(z.maxLength(SURVIVOR_NEEDS.length))),
  status: lazy(() => z.optional(Status)),
  personal: lazy(() => z.optional(SurvivorPersonalInput)),
};

const Reviewed = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.optional(z.array(RegistryIdInput).check(z.maxLength(20)))),
  {
    description:
      "The ids of the likely duplicates a previous attempt was warned about: registering anyway queues the entry for the province's review",
  },
);

const withCommune = { communeId: UnitCode, duplicatesReviewed: Reviewed };

export const CreateBeneficiaryInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.discriminatedUnion("kind", [
      z.strictObject({ ...savingsGroupShape, ...withCommune }),
      z.strictObject({ ...livelihoodShape, ...withCommune }),
      z.strictObject({ ...addressShape, ...withCommune }),
      z.strictObject({ ...caseShape, ...withCommune }),
    ]),
  ),
  { id: "CreateBeneficiaryInput" },
);
export type CreateBeneficiary = z.infer<typeof CreateBeneficiaryInput>;

const version = {
  version: lazy(() => z.optional(z.number().check(z.int(), z.minimum(1)))),
  duplicatesReviewed: Reviewed,
};

/** The kind cannot change (register a new entry and merge); the commune moves with /move. */
export const UpdateBeneficiaryInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.discriminatedUnion("kind", [
      z.strictObject({ ...savingsGroupShape, ...version }),
      z.strictObject({ ...livelihoodShape, ...version }),
      z.strictObject({ ...addressShape, ...version }),
      z.strictObject({ ...caseShape, ...version }),
    ]),
  ),
  { id: "UpdateBeneficiaryInput" },
);
export type UpdateBeneficiary = z.infer<typeof UpdateBeneficiaryInput>;

export const MoveBeneficiaryInput = /* @__PURE__ */ lazy(() =>
  z.strictObject({
    toCommuneId: UnitCode,
    reason: text(1, 500),
  }),
);

export const MergeInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      keepId: RegistryIdInput,
      mergeId: RegistryIdInput,
      reason: text(1, 500),
    }),
  ),
  { id: "MergeInput" },
);

export const DismissInput = /* @__PURE__ */ lazy(() => z.strictObject({ reason: text(1, 500) }));

const Introduction = /* @__PURE__ */ lazy(() =>
  z.strictObject({ institution: text(1, 200), on: date() }),
);
const Support = /* @__PURE__ */ lazy(() => z.strictObject({ what: text(1, 200), on: date() }));

const memberShape = {
  name: meta(
    lazy(() => text(1, 200)),
    { description: "personal data: never logged, indexed or audited" },
  ),
  birthYear: lazy(() => z.optional(z.number().check(z.int(), z.minimum(1900), z.maximum(2100)))),
  gender: lazy(() => z.enum(GENDERS)),
  ethnicity: lazy(() => z.optional(EthnicityText)),
  joinedOn: lazy(() => z.optional(date())),
  leftOn: lazy(() => z.optional(date())),
  introductions: lazy(() => z._default(z.array(Introduction).check(z.maxLength(50)), [])),
  supports: lazy(() => z._default(z.array(Support).check(z.maxLength(50)), [])),
};

export const MemberInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject(memberShape)),
  { id: "MemberInput" },
);
export const UpdateMemberInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      ...memberShape,
      ...version,
      correctionReason: z.optional(text(1, 500)),
    }),
  ),
  { id: "UpdateMemberInput" },
);

export const FiguresInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      period: meta(
        z.string().check(
          z.regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, {
            error: "a meeting date YYYY-MM-DD or a month YYYY-MM",
          }),
        ),
        { description: "the meeting (YYYY-MM-DD) or the month (YYYY-MM)" },
      ),
      savingsBalance: z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000_000)),
      loansOutstanding: z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000_000)),
      membersAttending: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(10_000))),
      correction: z.optional(z.strictObject({ reason: text(1, 500) })),
    }),
  ),
  { id: "GroupFiguresInput" },
);

export const ListBeneficiariesQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    communeId: z.optional(UnitCode),
    kind: z.optional(z.enum(REGISTRY_KINDS)),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  }),
);

export const GetBeneficiaryQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    include: z.optional(z.enum(["personal", "history"])),
  }),
);

export const ImportQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    layout: z._default(z.enum(LAYOUTS), "beneficiaries"),
    dryRun: z._default(z.enum(["true", "false"]), "true"),
  }),
);

export const IndicatorsQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    communeId: z.optional(UnitCode),
    provinceId: z.optional(UnitCode),
    from: z._default(date(), "2021-01-01"),
    to: z._default(date(), "2025-12-31"),
  }),
);

export const DuplicatesQuery = /* @__PURE__ */ lazy(() =>
  z.object({ provinceId: z.optional(UnitCode) }),
);
