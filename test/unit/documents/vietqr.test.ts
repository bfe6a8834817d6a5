/**
 * Our VietQR payload builder against vietnam-qr-pay, the package the payment orders used before
 * (kept as a devDependency for this comparison only): the same payload, byte for byte, for the
 * transfers a payment order can describe (6-digit BIN, 4-19 letters or digits, whole đồng up to
 * the largest safe integer, a purpose of 0-50 ASCII characters as transferPurpose makes it), and
 * the CRC against the published check value of CRC-16/CCITT-FALSE.
 */
import fc from "fast-check";
import { QRPay } from "vietnam-qr-pay";
import { describe, expect, it } from "vitest";
import {
  transferPurpose,
  vietQrPayload,
} from "../../../shared/documents/domain/payment-transfer.ts";
import {
  crc16CcittFalse,
  type VietQrTransfer,
  vietQr,
} from "../../../shared/documents/domain/vietqr.ts";

const byPackage = (t: VietQrTransfer) =>
  QRPay.initVietQR({
    bankBin: t.bankBin,
    bankNumber: t.accountNumber,
    amount: t.amount === undefined ? undefined : String(t.amount),
    purpose: t.purpose,
  }).build();

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const PURPOSE = `${ALNUM} .-`;
const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((cs) => cs.join(""));

describe("the VietQR payload", () => {
  it("computes CRC-16/CCITT-FALSE's check value (123456789 → 29B1)", () => {
    expect(crc16CcittFalse("123456789")).toBe("29B1");
    expect(crc16CcittFalse("")).toBe("FFFF");
  });

  it("is the payload vietnam-qr-pay builds, for chosen transfers", () => {
    const cases: VietQrTransfer[] = [
      {
        bankBin: "970405",
        accountNumber: "1500201234567",
        amount: 40_000_000,
        purpose: "P8-2026-000001 UNC-001",
      },
      { bankBin: "970436", accountNumber: "0011", amount: 1, purpose: "x" },
      {
        bankBin: "970422",
        accountNumber: "ABCDEFGHIJ012345678",
        amount: 999_999_999_999,
        purpose: "A".repeat(50),
      },
      {
        bankBin: "970418",
        accountNumber: "12345678",
        amount: Number.MAX_SAFE_INTEGER,
        purpose: "P8 1",
      },
      { bankBin: "970415", accountNumber: "1234", amount: 0, purpose: "zero" },
      { bankBin: "970407", accountNumber: "19036000000000", amount: 100_000, purpose: "" },
      { bankBin: "970407", accountNumber: "19036000000000", purpose: "no amount" },
      { bankBin: "970407", accountNumber: "19036000000000" },
    ];
    for (const t of cases) expect(vietQr(t)).toBe(byPackage(t));
  });

  it("is the payload vietnam-qr-pay builds, for any transfer a payment order can describe", () => {
    fc.assert(
      fc.property(
        fc.record({
          bankBin: chars("0123456789", 6, 6),
          accountNumber: chars(ALNUM, 4, 19),
          amount: fc.oneof(
            fc.integer({ min: 1, max: 1_000_000_000 }),
            fc.maxSafeNat(),
            fc.constant(undefined),
          ),
          purpose: fc.oneof(chars(PURPOSE, 0, 50), fc.constant(undefined)),
        }),
        (t) => {
          expect(vietQr(t)).toBe(byPackage(t));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("of a payment order is the package's for the order's transfer", () => {
    const p = { reference: "P8-2026-000123" };
    const e = {
      seq: 2,
      amount: 12_345_678,
      paidOn: "2026-06-02",
      reference: "UNC/Đợt 2 – chè",
      payee: { bankBin: "970405", accountNumber: "1500201234567", accountName: "HTX" },
      recordedBy: "f",
      recordedAt: "2026-06-02T03:00:00.000Z",
    };
    expect(vietQrPayload(p, e)).toBe(
      byPackage({
        bankBin: "970405",
        accountNumber: "1500201234567",
        amount: 12_345_678,
        purpose: transferPurpose(p, e),
      }),
    );
  });

  it("refuses a field longer than the 2-digit length allows", () => {
    expect(() =>
      vietQr({ bankBin: "970405", accountNumber: "1234", purpose: "x".repeat(100) }),
    ).toThrow(RangeError);
  });
});
