/**
 * Publishing a norm set: validated, versioned, never retroactive. The store writes the version
 * this returns with a condition that it does not exist yet; the caller adds the audit event to
 * the same transaction.
 */
import { ValidationError } from "../../kernel/errors.ts";
import type { Actor } from "../../kernel/types.ts";
import { localDateOf } from "./dates.ts";
import { dateVi } from "./messages.ts";
import { formatDongEn, formatDongVi } from "./money.ts";
import { normSetDraftSchema } from "./schema.ts";
import type { NormItem, NormSet, NormSetDraft } from "./types.ts";

export interface NormSetIssue {
  /** Dotted path into the submitted set, e.g. "items.2.cap"; "" for the whole set. */
  path: string;
  messageVi: string;
  messageEn: string;
}

/**
 * The submitted set breaks a rule. A ValidationError (400 with field errors in English) that
 * also carries every breach in Vietnamese and English.
 */
export class NormSetValidationError extends ValidationError {
  override name = "NormSetValidationError";
  constructor(readonly issues: NormSetIssue[]) {
    super(
      `invalid norm set: ${issues.map((i) => `${i.path || "(set)"}: ${i.messageEn}`).join("; ")}`,
      issues.map((i) => ({ field: i.path, message: i.messageEn })),
    );
    this.extra.issues = issues;
  }
}

function overlaps(a: Pick<NormSet, "effectiveFrom" | "effectiveTo">, b: typeof a): boolean {
  return (
    a.effectiveFrom <= (b.effectiveTo ?? "9999-12-31") &&
    b.effectiveFrom <= (a.effectiveTo ?? "9999-12-31")
  );
}

/** Ways a province item could widen the national item of the same code. */
function wideningIssues(
  p: NormItem,
  n: NormItem,
  nationalSet: NormSet,
  path: string,
): NormSetIssue[] {
  const issues: NormSetIssue[] = [];
  const ref = `${nationalSet.id} v${nationalSet.version}`;
  if (p.cap > n.cap) {
    issues.push({
      path: `${path}.cap`,
      messageVi: `Tỉnh chỉ được quy định mức thấp hơn hoặc bằng định mức toàn quốc: ${p.code} ${formatDongVi(p.cap)} vượt ${formatDongVi(n.cap)} (${ref}, ${n.citation.document}, ${n.citation.article}).`,
      messageEn: `A province may only narrow the national cap: ${p.code} ${formatDongEn(p.cap)} is above ${formatDongEn(n.cap)} (${ref}, ${n.citation.documentEn}, ${n.citation.articleEn}).`,
    });
  }
  if (p.period.kind !== n.period.kind) {
    issues.push({
      path: `${path}.period`,
      messageVi: `${p.code}: kỳ tính định mức phải giống bộ toàn quốc (${n.period.kind}).`,
      messageEn: `${p.code}: the period must be the national one (${n.period.kind}).`,
    });
  } else if (
    p.period.kind === "per_month" &&
    n.period.kind === "per_month" &&
    p.period.maxMonths > n.period.maxMonths
  ) {
    issues.push({
      path: `${path}.period.maxMonths`,
      messageVi: `${p.code}: số tháng tối đa ${p.period.maxMonths} vượt ${n.period.maxMonths} tháng của bộ toàn quốc.`,
      messageEn: `${p.code}: ${p.period.maxMonths} months is above the national ${n.period.maxMonths}.`,
    });
  }
  if (p.activity !== n.activity || p.kind !== n.kind) {
    issues.push({
      path,
      messageVi: `${p.code}: hoạt động và loại định mức phải giống bộ toàn quốc.`,
      messageEn: `${p.code}: activity and kind must be the national ones.`,
    });
  }
  const extra = p.beneficiaryKinds.filter((k) => !n.beneficiaryKinds.includes(k));
  if (extra.length > 0) {
    issues.push({
      path: `${path}.beneficiaryKinds`,
      messageVi: `${p.code}: đối tượng ${extra.join(", ")} không có trong bộ toàn quốc.`,
      messageEn: `${p.code}: beneficiary kinds ${extra.join(", ")} are not in the national set.`,
    });
  }
  return issues;
}

/**
 * Turns an admin's submission into the next version of a set. Steps:
 * 1. only an admin (or, for national sets, the national role: the policy decides) publishes;
 * 2. the submission passes the schema (whole positive caps, real dates, unique codes, ...);
 * 3. it starts after today (Asia/Ho_Chi_Minh): nothing already decided can change;
 * 4. a new version keeps the scope and phase of its set; its number is the next one;
 * 5. a province set never widens a national item of the same phase in force over its period.
 * Throws NormSetValidationError listing every breach.
 */
export function prepareNormSetVersion(
  submitted: unknown,
  existing: readonly NormSet[],
  actor: Pick<Actor, "id" | "role">,
  nowIso: string,
): NormSet {
  if (actor.role !== "admin" && actor.role !== "central_officer") {
    throw new NormSetValidationError([
      {
        path: "",
        messageVi: "Chỉ quản trị viên được ban hành bộ định mức.",
        messageEn: "Only an admin may publish a norm set.",
      },
    ]);
  }
  const parsed = normSetDraftSchema.safeParse(submitted);
  if (!parsed.success) {
    throw new NormSetValidationError(
      parsed.error.issues.map((i) => ({
        path: i.path.join("."),
        messageVi: `Dữ liệu không hợp lệ: ${i.message}`,
        messageEn: i.message,
      })),
    );
  }
  const draft: NormSetDraft = parsed.data;
  const issues: NormSetIssue[] = [];
  const today = localDateOf(nowIso);
  if (draft.effectiveFrom <= today) {
    issues.push({
      path: "effectiveFrom",
      messageVi: `Ngày hiệu lực ${dateVi(draft.effectiveFrom)} phải sau ngày ban hành trên hệ thống (${dateVi(today)}); không sửa hồi tố bộ định mức đang áp dụng, hãy ban hành phiên bản mới với ngày bắt đầu của nó.`,
      messageEn: `effectiveFrom ${draft.effectiveFrom} must be after today (${today}); a set in force is never changed retroactively: publish a new version with its own start date.`,
    });
  }

  const versions = existing.filter((s) => s.id === draft.id);
  const sameKind = versions.every(
    (v) =>
      v.phase === draft.phase &&
      v.scope.kind === draft.scope.kind &&
      (v.scope.kind !== "province" ||
        (draft.scope.kind === "province" && v.scope.provinceId === draft.scope.provinceId)),
  );
  if (!sameKind) {
    issues.push({
      path: "scope",
      messageVi: `Bộ định mức ${draft.id} đã có với phạm vi hoặc giai đoạn khác; hãy dùng mã bộ mới.`,
      messageEn: `Set ${draft.id} exists with another scope or phase; use a new set id.`,
    });
  }
  const version = versions.reduce((max, v) => Math.max(max, v.version), 0) + 1;

  if (draft.scope.kind === "province") {
    const nationals = existing.filter(
      (s) => s.scope.kind === "national" && s.phase === draft.phase && overlaps(s, draft),
    );
    draft.items.forEach((p, i) => {
      for (const ns of nationals) {
        const n = ns.items.find((x) => x.code === p.code);
        if (n) issues.push(...wideningIssues(p, n, ns, `items.${i}`));
      }
    });
  }
  if (issues.length > 0) throw new NormSetValidationError(issues);
  return {
    ...draft,
    version,
    publishedAt: new Date(Date.parse(nowIso)).toISOString(),
    publishedBy: actor.id,
  };
}
