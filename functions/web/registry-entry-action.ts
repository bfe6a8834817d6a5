import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { checkBodySize, DEFAULT_FORM_LIMIT } from "../../shared/http/edge.ts";
import { parseValue } from "../../shared/http/validate.ts";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../shared/kernel/errors.ts";
import { kmsCipher } from "../../shared/privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import { dynamoRegistryStore } from "../../shared/registry/adapters/dynamo-registry-store.ts";
import type { Member } from "../../shared/registry/domain/beneficiary.ts";
import { LikelyDuplicateError } from "../../shared/registry/domain/duplicates.ts";
import { WebRegistryEntryAction } from "../../shared/registry/routes.ts";
import {
  FiguresInput,
  MemberInput,
  UpdateBeneficiaryInput,
} from "../../shared/registry/schemas.ts";
import {
  addMember,
  recordGroupFigures,
  updateMember,
} from "../../shared/registry/use-cases/members.ts";
import { updateBeneficiary } from "../../shared/registry/use-cases/register.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderEntryPage } from "./registry-entry.ts";
import { entryInputOf, formParams, rt } from "./registry-views.ts";

const ports = {
  registry: dynamoRegistryStore,
  directory: dynamoDirectory,
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
};

const num = (v: string | null) => (v === null || v.trim() === "" ? undefined : Number(v));
const str = (v: string | null) => (v === null || v.trim() === "" ? undefined : v.trim());

function memberFields(p: URLSearchParams, before?: Member) {
  const o: Record<string, unknown> = {
    name: p.get("name") ?? "",
    gender: p.get("gender") ?? "",
    introductions: before?.introductions ?? [],
    supports: before?.supports ?? [],
  };
  const year = num(p.get("birthYear"));
  if (year !== undefined) o.birthYear = year;
  for (const k of ["ethnicity", "joinedOn", "leftOn"]) {
    const v = str(p.get(k));
    if (v) o[k] = v;
  }
  return o;
}

/**
 * POST /app/registry/{id}: the entry page's forms, each with the CSRF token bound to the session
 * and the page: edit, add a member, edit a member, record (or take back, as a correction with a
 * reason) an introduction or a support, record or correct figures. Success: 303 back to the page.
 */
export const { handler, lambdaHandler } = pageHandler(WebRegistryEntryAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  checkBodySize(ctx.event, DEFAULT_FORM_LIMIT);
  const id = ctx.path("id");
  const action = `/app/registry/${encodeURIComponent(id)}`;
  const p = formParams(ctx.event);
  const op = p.get("op") ?? "";
  if (!csrfValid(s, action, p.get("_csrf") ?? undefined))
    return renderEntryPage(ctx, s, id, 403, { text: t(ctx.lang, "csrf"), kind: "error" });
  const tx = ctx.tx(s, "web");
  const back = (anchor = "") => ctx.redirect(`${action}?done=1${anchor}`);
  const memberId = p.get("memberId") ?? "";
  const memberVersion = num(p.get("memberVersion"));
  const loadMember = async () => {
    const m = (await dynamoRegistryStore.members(id)).find((x) => x.id === memberId);
    if (!m) throw new NotFoundError(`member ${memberId} does not exist`);
    return m;
  };
  try {
    switch (op) {
      case "edit": {
        const b = await dynamoRegistryStore.find(id);
        if (!b) throw new NotFoundError(`registry entry ${id} does not exist`);
        const { input, errors } = entryInputOf(p, b.kind);
        if (errors.length > 0) throw new ValidationError("invalid counts", errors);
        const body = parseValue({ ...input, kind: b.kind }, UpdateBeneficiaryInput, "form");
        const { version: _v, ...fields } = body;
        await updateBeneficiary(ports, s.actor, tx, id, num(p.get("version")), fields);
        return back();
      }
      case "addMember": {
        const body = parseValue(memberFields(p), MemberInput, "form");
        await addMember(ports, s.actor, tx, id, undefined, body);
        return back("#members");
      }
      case "editMember": {
        const before = await loadMember();
        const body = parseValue(memberFields(p, before), MemberInput, "form");
        await updateMember(ports, s.actor, tx, id, memberId, memberVersion, body);
        return ctx.redirect(`${action}?done=1&member=${encodeURIComponent(memberId)}#member`);
      }
      case "addIntroduction":
      case "addSupport": {
        const before = await loadMember();
        const on = p.get("on") ?? "";
        const next =
          op === "addIntroduction"
            ? {
                ...before,
                introductions: [
                  ...before.introductions,
                  { institution: (p.get("institution") ?? "").trim(), on },
                ],
              }
            : {
                ...before,
                supports: [...before.supports, { what: (p.get("what") ?? "").trim(), on }],
              };
        const { groupId: _g, id: _i, version: _v, createdAt: _c, updatedAt: _u, ...rest } = next;
        const body = parseValue(rest, MemberInput, "form");
        await updateMember(ports, s.actor, tx, id, memberId, memberVersion, body);
        return ctx.redirect(`${action}?done=1&member=${encodeURIComponent(memberId)}#member`);
      }
      case "removeIntroduction":
      case "removeSupport": {
        const before = await loadMember();
        const index = Number(p.get("index"));
        const key = op === "removeIntroduction" ? "introductions" : "supports";
        const list = before[key].filter((_x, i) => i !== index);
        const { groupId: _g, id: _i, version: _v, createdAt: _c, updatedAt: _u, ...rest } = before;
        const body = parseValue({ ...rest, [key]: list }, MemberInput, "form");
        await updateMember(ports, s.actor, tx, id, memberId, memberVersion, {
          ...body,
          correctionReason: (p.get("correctionReason") ?? "").trim(),
        });
        return ctx.redirect(`${action}?done=1&member=${encodeURIComponent(memberId)}#member`);
      }
      case "figures": {
        const reason = str(p.get("correctionReason"));
        const body = parseValue(
          {
            period: p.get("period") ?? "",
            savingsBalance: num(p.get("savingsBalance")),
            loansOutstanding: num(p.get("loansOutstanding")),
            ...(num(p.get("membersAttending")) !== undefined
              ? { membersAttending: num(p.get("membersAttending")) }
              : {}),
            ...(reason ? { correction: { reason } } : {}),
          },
          FiguresInput,
          "form",
        );
        await recordGroupFigures(ports, s.actor, tx, id, body);
        return back("#figures");
      }
      default:
        throw new ValidationError("unknown operation", [{ field: "op", message: "unknown" }]);
    }
  } catch (err) {
    const form =
      op === "edit" ? "edit" : op === "addMember" ? "addMember" : op === "figures" ? "figures" : op;
    if (err instanceof LikelyDuplicateError) {
      return renderEntryPage(ctx, s, id, 409, {
        text: `${rt(ctx.lang, "dupWarning")} ${err.duplicates.map((d) => d.id).join(", ")}`,
        kind: "error",
        form,
        values: p,
      });
    }
    if (err instanceof ValidationError) {
      const detail = err.errors.length
        ? err.errors.map((e) => `${e.field}: ${e.message}`).join("; ")
        : err.message;
      return renderEntryPage(ctx, s, id, 400, {
        text: detail,
        kind: "error",
        form,
        values: p,
        errors: err.errors,
      });
    }
    if (err instanceof ConflictError || err instanceof ForbiddenError) {
      return renderEntryPage(ctx, s, id, err.status, {
        text: err.message,
        kind: "error",
        form,
        values: p,
      });
    }
    if (err instanceof DomainError && err.status < 500) {
      return renderEntryPage(ctx, s, id, err.status, {
        text: err.message,
        kind: "error",
        form,
        values: p,
      });
    }
    throw err;
  }
});
