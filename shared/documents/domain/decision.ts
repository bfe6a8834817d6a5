/**
 * The decision (quyết định phê duyệt) that each approval produces: amounts in figures and in
 * Vietnamese words, the legal citations the norm check applied, the approver. Built only from
 * what no later change touches (the approved items, the decision, the norm-check result), so
 * that regenerating it gives the same bytes as the day it was issued: its SHA-256 is in the
 * proposal's audit history (event norms.passed).
 */
import { createHash } from "../../kernel/node-crypto.ts";
import { BENEFICIARY_KIND_LABELS } from "../../norms/domain/messages.ts";
import { formatDongVi } from "../../norms/domain/money.ts";
import type { NormCheckResult } from "../../norms/domain/types.ts";
import { approvedItems, type Proposal } from "../../proposals/domain/proposal.ts";
import { PAGE, PdfDocument, wrap } from "./pdf-writer.ts";
import { dongInWords } from "./words.ts";

export interface IssuedDocument {
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

/** "2026-06-01T03:04:00Z" → "10:04 ngày 01/06/2026" (Asia/Ho_Chi_Minh, UTC+7). */
export function localTimeVi(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${d.slice(11, 16)} ngày ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** Writes lines top-down, wrapping and starting a new page when the page is full. */
export class Flow {
  private y = PAGE.height - 60;
  constructor(
    readonly doc: PdfDocument,
    readonly left = 56,
    readonly width = PAGE.width - 112,
  ) {}
  para(
    text: string,
    size = 11,
    opts: { bold?: boolean; indent?: number; gap?: number } = {},
  ): this {
    const indent = opts.indent ?? 0;
    for (const line of wrap(text, size, this.width - indent)) {
      if (this.y < 60) {
        this.doc.addPage();
        this.y = PAGE.height - 60;
      }
      this.doc.text(this.left + indent, this.y, size, line, opts.bold);
      this.y -= size * 1.45;
    }
    this.y -= opts.gap ?? 4;
    return this;
  }
  space(points: number): this {
    this.y -= points;
    return this;
  }
  get cursor(): number {
    return this.y;
  }
}

function citations(result: NormCheckResult): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of result.rules) {
    const c = r.citation;
    if (!c || r.severity !== "check") continue;
    const line = `${c.document}, ${c.article}: “${c.quoteVi}”`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

/** The decision of an approved proposal, as a PDF, with its hash. */
export function decisionDocument(p: Proposal, result: NormCheckResult): IssuedDocument {
  const decision = p.lastDecision;
  if (!decision) throw new Error(`proposal ${p.id} has no decision`);
  // Partial approval: what the approver granted, each reduction with what was asked and why.
  const items = approvedItems(p);
  const approved = items.reduce((s, i) => s + i.supportAmount, 0);
  const cost = items.reduce((s, i) => s + i.totalCost, 0);
  const doc = new PdfDocument({
    title: `Quyết định phê duyệt hỗ trợ ${p.reference}`,
    subject: "Dự án 8 — Chương trình MTQG 1719",
    // The decision's time, never the clock's: the PDF must regenerate to the same bytes.
    createdAt: decision.at,
  });
  const f = new Flow(doc);
  f.para("HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM — DỰ ÁN 8", 10, { bold: true });
  f.para(`Đơn vị thẩm định: ${p.reviewUnitId}   ·   Số: ${p.reference}/QĐ-DA8`, 10, { gap: 14 });
  f.para("QUYẾT ĐỊNH PHÊ DUYỆT HỖ TRỢ", 16, { bold: true });
  f.para(`Về việc phê duyệt đề xuất “${p.title}”`, 11, { gap: 12 });
  f.para("Căn cứ:", 11, { bold: true });
  for (const c of citations(result)) f.para(`– ${c}`, 10, { indent: 12 });
  f.para(`– ${result.normSet.reasonVi}`, 10, { indent: 12, gap: 10 });
  f.para("QUYẾT ĐỊNH:", 11, { bold: true });
  const kind = BENEFICIARY_KIND_LABELS[p.beneficiary.kind].vi;
  f.para(
    `Điều 1. Phê duyệt hỗ trợ hoạt động ${p.activity} (giai đoạn ${p.phase}) cho ${kind} “${p.beneficiary.name}” (mã ${p.beneficiary.id}), xã ${p.communeId}:`,
    11,
  );
  items.forEach((i, n) => {
    f.para(`${n + 1}. ${i.code} — ${i.description}: ${formatDongVi(i.supportAmount)}`, 10, {
      indent: 12,
    });
    const reduced = decision.reductions?.find((r) => r.item === n);
    const asked = p.items[n]?.supportAmount;
    if (reduced && asked !== undefined) {
      f.para(`(đề nghị ${formatDongVi(asked)}; duyệt giảm, lý do: ${reduced.reason})`, 9, {
        indent: 24,
      });
    }
  });
  f.para(`Tổng số tiền hỗ trợ: ${formatDongVi(approved)}`, 12, { bold: true, indent: 12 });
  f.para(`Bằng chữ: ${dongInWords(approved)}.`, 11, { indent: 12 });
  if (cost > approved) {
    f.para(
      `Tổng chi phí ${formatDongVi(cost)}; phần đối ứng của đối tượng được hỗ trợ ${formatDongVi(cost - approved)} (bằng chữ: ${dongInWords(cost - approved).toLowerCase()}).`,
      10,
      { indent: 12 },
    );
  }
  f.para(
    "Điều 2. Kinh phí hỗ trợ theo thực tế phát sinh, tối đa bằng số tiền được phê duyệt; giải ngân theo ủy nhiệm chi và quyết toán theo chứng từ. Phần không sử dụng được giải phóng khỏi định mức của đối tượng khi quyết toán.",
    11,
    { gap: 14 },
  );
  f.para(`Người phê duyệt: ${decision.byName ?? decision.by} (${decision.by})`, 11, { bold: true });
  f.para(`Phê duyệt lúc ${localTimeVi(decision.at)} (giờ Việt Nam), kênh ${decision.channel}.`, 10);
  f.para(
    `Mã đề xuất ${p.id}, lần nộp ${p.submissionNo}. Mã băm SHA-256 của văn bản này được ghi trong nhật ký phê duyệt (sự kiện norms.passed).`,
    8,
  );
  const bytes = doc.bytes();
  return {
    name: `quyet-dinh-${p.reference}.pdf`,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}
