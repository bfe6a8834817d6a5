/** Request schemas of the review capability. */
import * as z from "zod/mini";
import "../validation/z.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

const id = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const hours = /* @__PURE__ */ lazy(() => z.number().check(z.int(), z.gte(1), z.lte(24 * 365)));

/** Body of POST /v1/tasks/{id}/reassign. */
export const ReassignInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() => z.strictObject({ assignee: id(128) })),
  { id: "ReassignInput" },
);

/** Body of PUT /v1/settings/review: any subset. */
export const ReviewSettingsInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      reviewSlaHours: z.optional(hours),
      remindBeforeHours: z.optional(hours),
      escalateProvinceAfterHours: z.optional(hours),
      linkExpiryDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(90))),
    }),
  ),
  { id: "ReviewSettingsInput" },
);

export const TaskListQuery = /* @__PURE__ */ lazy(() =>
  z.object({
    view: z._default(z.enum(["unit", "mine"]), "unit"),
    status: z.optional(z.enum(["OPEN", "DONE", "EXPIRED", "CANCELLED"])),
    unitId: z.optional(z.string().check(z.maxLength(64))),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  }),
);
