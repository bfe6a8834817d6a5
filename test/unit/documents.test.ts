/** Decision documents and payment orders: the PDF's text read back, its hash in the history, the VietQR code. */

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { paymentOrderQr, vietQrPayload } from "../../shared/documents/domain/payment-transfer.ts";
import { encodeQr, qrSvg, reedSolomon } from "../../shared/documents/domain/qr.ts";
import { dongInWords } from "../../shared/documents/domain/words.ts";
import { decisionFor, paymentOrderFor } from "../../shared/documents/use-cases/documents.ts";
import { paymentTransferFor } from "../../shared/documents/use-cases/payment-transfer.ts";
import { recordDisbursement } from "../../shared/funding/use-cases/funding.ts";
import { checkAndReserve } from "../../shared/norms/use-cases/check-and-reserve.ts";
import { MemoryDb } from "../support/memory/db.ts";
import {
  ACTORS,
  a2,
  type MoneyPorts,
  moneyPorts,
  toNormCheck,
  txAt,
} from "../support/memory/money.ts";

const T0 = "2026-06-01T03:04:00.000Z";
let ports: MoneyPorts;
beforeEach(() => {
  ports = moneyPorts(new MemoryDb());
});

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "p8-pdf-"));
  const file = join(dir, "doc.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("amounts in words", () => {
  it.each([
    [60_000_000, "Sáu mươi triệu đồng"],
    [38_000_000, "Ba mươi tám triệu đồng"],
    [1_500_500, "Một triệu năm trăm nghìn năm trăm đồng"],
  ])("%i đ → %s", (n, words) => expect(dongInWords(n)).toBe(words));
});

describe("GIVEN an A2 proposal approved at 60,000,000 đ", () => {
  it("THEN its decision PDF reads back with the amount in figures and in words, the citation and the approver, and its SHA-256 is in the history", async () => {
    const p = await toNormCheck(ports, a2(60_000_000), T0);
    await checkAndReserve(ports, p.id, T0);
    const doc = await decisionFor(ports.forDocuments, ACTORS.finance, p.id);
    const text = pdfText(doc.bytes).replace(/\s+/g, " ");
    expect(text).toContain("QUYẾT ĐỊNH PHÊ DUYỆT HỖ TRỢ");
    expect(text).toContain("60.000.000 đ");
    expect(text).toContain("Bằng chữ: Sáu mươi triệu đồng.");
    expect(text).toContain("Thông tư 55/2023/TT-BTC, Điều 37 khoản 1");
    expect(text).toContain("approver.batxat");
    expect(text).toContain("10:04 ngày 01/06/2026");
    const passed = (await ports.proposals.history(p.id)).find((e) => e.type === "norms.passed");
    expect(passed?.data?.decisionDocument).toMatchObject({
      sha256: doc.sha256,
      bytes: doc.bytes.length,
    });
    // Regenerated later: the same bytes.
    expect((await decisionFor(ports.forDocuments, ACTORS.commune, p.id)).sha256).toBe(doc.sha256);
  });

  it("THEN a payment to the cooperative's account has a payment order with the VietQR of that transfer", async () => {
    const p = await toNormCheck(ports, a2(60_000_000), T0);
    await checkAndReserve(ports, p.id, T0);
    const f = ACTORS.finance;
    await recordDisbursement(ports, f, txAt(T0, f), p.id, {
      amount: 40_000_000,
      paidOn: "2026-06-02",
      reference: "UNC-001",
      payee: { bankBin: "970405", accountNumber: "1500201234567", accountName: "HTX Chè Y Tý" },
    } as never);
    const order = await paymentOrderFor(ports.forDocuments, f, p.id, 1);
    expect(order.payload).toMatch(/^000201/);
    expect(order.payload).toContain("0006970405");
    expect(order.payload).toContain("54084000000");
    const text = pdfText(order.document.bytes).replace(/\s+/g, " ");
    expect(text).toContain("Bằng chữ: Bốn mươi triệu đồng.");
    expect(text).toContain("1500201234567");
    // The finance page's transfer: the same code, without rendering the PDF.
    const transfer = await paymentTransferFor(ports.forDocuments, f, p.id, 1);
    expect(transfer.payload).toBe(order.payload);
    expect(transfer.qr).toEqual(order.qr);
    expect(transfer).not.toHaveProperty("document");
  });
});

describe("the QR encoder", () => {
  it("gives the codes it gave before its mask penalty was rewritten with plain loops", () => {
    // 300 payloads of 1-213 ASCII characters from a fixed linear congruential sequence; the
    // digest of their versions, masks (all 8 occur) and modules, taken before the rewrite.
    let seed = 1;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const digest = createHash("sha256");
    const masks = new Set<number>();
    for (let t = 0; t < 300; t++) {
      const text = Array.from({ length: 1 + (next() % 213) }, () =>
        String.fromCharCode(32 + (next() % 95)),
      ).join("");
      const q = encodeQr(text);
      masks.add(q.mask);
      const bits = q.modules.map((r) => r.map((d) => (d ? 1 : 0)).join("")).join("");
      digest.update(`${q.version}/${q.mask}/${bits}\n`);
    }
    expect(masks.size).toBe(8);
    expect(digest.digest("hex")).toBe(
      "61ee8068b36b278821bf0a25cd448c4fa8be88d79a36a9d04502c40fb2af7679",
    );
  });

  it("computes the standard's Reed-Solomon example (01234567 at 1-M)", () => {
    const data = [
      0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec,
      0x11,
    ];
    expect(reedSolomon(data, 10)).toEqual([
      0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55,
    ]);
  });

  it("picks the smallest version, draws the finder patterns and a valid format word for level M", () => {
    const payload = vietQrPayload(
      { reference: "P8-2026-000001" },
      {
        seq: 1,
        amount: 40_000_000,
        paidOn: "2026-06-02",
        reference: "UNC-001",
        payee: { bankBin: "970405", accountNumber: "1500201234567", accountName: "HTX" },
        recordedBy: "f",
        recordedAt: T0,
      },
    );
    const qr = encodeQr(payload);
    expect(qr.size).toBe(qr.version * 4 + 17);
    expect(qr.version).toBeLessThanOrEqual(10);
    const m = qr.modules;
    for (const [r, c] of [
      [0, 0],
      [0, qr.size - 7],
      [qr.size - 7, 0],
    ] as const) {
      expect(m[r + 3]?.[c + 3]).toBe(true);
      expect(m[r + 1]?.[c + 1]).toBe(false);
      expect(m[r]?.[c + 6]).toBe(true);
    }
    // Format word around the top-left finder: 15 bits, BCH-valid, level M (00), the chosen mask.
    let word = 0;
    const bits = [
      ...[0, 1, 2, 3, 4, 5].map((i) => m[i]?.[8]),
      m[7]?.[8],
      m[8]?.[8],
      m[8]?.[7],
      ...[9, 10, 11, 12, 13, 14].map((i) => m[8]?.[14 - i]),
    ];
    bits.forEach((b, i) => {
      if (b) word |= 1 << i;
    });
    const unmasked = word ^ 0x5412;
    expect(unmasked >>> 13).toBe(0); // level M
    expect((unmasked >>> 10) & 7).toBe(qr.mask);
    expect(qrSvg(qr)).toMatch(/^<svg /);
    expect(paymentOrderQr).toBeTypeOf("function");
  });
});
