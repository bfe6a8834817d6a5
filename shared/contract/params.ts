/**
 * Path parameter schemas. Every `{name}` of a route path is checked against one of these at the
 * edge, before any storage call: ids longer than a key may be, or with characters no id has,
 * are a 400 that names the parameter (never a DynamoDB ValidationException turned into a 500).
 */
import * as z from "zod/mini";
import "../validation/z.ts";
import { lazy } from "../validation/lazy.ts";
import { meta } from "../validation/z.ts";

/** Characters of every id the system issues or accepts (URL-safe, no percent-encoding needed). */
const ID_CHARS = /^[A-Za-z0-9._~-]+$/;

export const idParam = (max: number, description: string) =>
  meta(
    z
      .string()
      .check(
        z.minLength(1, { error: "must not be empty" }),
        z.maxLength(max, { error: `must be at most ${max} characters` }),
        z.regex(ID_CHARS, { error: "may contain only letters, digits, '.', '_', '~' and '-'" }),
      ),
    { description },
  );

/** A proposal id (UUID today; older or imported ids stay valid up to 64 characters). */
export const ProposalIdParam = /* @__PURE__ */ lazy(() => idParam(64, "proposal id"));
/** A review task id: `<proposalId>-r<submissionNo>`. */
export const TaskIdParam = /* @__PURE__ */ lazy(() => idParam(80, "review task id"));
/** An administrative or reviewing unit id (commune, province, reviewing unit). */
export const UnitIdParam = /* @__PURE__ */ lazy(() => idParam(64, "unit id"));
/** An email link id: 32 random bytes, base64url (43 characters). */
export const LinkIdParam = /* @__PURE__ */ lazy(() => idParam(64, "email link id"));
/** A generic registry or document id. */
export const EntityIdParam = /* @__PURE__ */ lazy(() => idParam(64, "id"));
