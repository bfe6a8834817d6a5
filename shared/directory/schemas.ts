/** Request schemas of the directory capability. */
import * as z from "zod/mini";
import "../validation/z.ts";
import { ROLES } from "../kernel/types.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

/** Body of PUT /v1/units/{id}/review-unit. */
export const ReviewUnitInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({ reviewUnitId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) }),
  ),
  { id: "ReviewUnitInput" },
);

const text = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

/** Body of POST /v1/users (admin): the directory entry and the sign-in account in one step. */
export const NewUserInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      username: z.string().check(
        z.trim(),
        z.regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
          error:
            "lowercase letters, digits, '.', '_' or '-' (3-64), starting with a letter or digit",
        }),
      ),
      name: text(1, 120),
      email: z.email({ error: "invalid email" }),
      role: z.enum(ROLES),
      unitId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
    }),
  ),
  { id: "NewUserInput" },
);

/** Body of POST /v1/units (admin): a reviewing unit or a commune of the admin's province. */
export const NewUnitInput = /* @__PURE__ */ meta(
  /* @__PURE__ */ lazy(() =>
    z.strictObject({
      id: z.string().check(
        z.trim(),
        z.regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, {
          error: "capital letters, digits or '-' (2-32), e.g. C-YTY",
        }),
      ),
      kind: z.enum(["review_unit", "commune"]),
      nameVi: text(1, 120),
      nameEn: z.optional(text(0, 120)),
      reviewUnitId: z.optional(z.string().check(z.trim(), z.maxLength(64))),
    }),
  ),
  { id: "NewUnitInput" },
);
