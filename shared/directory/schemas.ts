/** Request schemas of the directory capability. */
import * as z from "zod/mini";
import "../validation/z.ts";
import { meta } from "../validation/z.ts";

/** Body of PUT /v1/units/{id}/review-unit. */
export const ReviewUnitInput = meta(
  z.strictObject({ reviewUnitId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) }),
  { id: "ReviewUnitInput" },
);
