/**
 * The payload of a VietQR code (NAPAS), the EMVCo merchant-presented QR format (EMV QRCPS-MPM)
 * that Vietnamese banking apps read to prefill a transfer. Each field is a TLV: a 2-digit tag, a
 * 2-digit length in characters, the value; a field with an empty value is left out. The fields,
 * in this order:
 *
 *   00 payload format indicator   "01"
 *   01 point of initiation method "11" static (no amount), "12" dynamic (with an amount)
 *   38 merchant account information (NAPAS), itself TLVs:
 *        00 GUID "A000000727" (NAPAS)
 *        01 beneficiary: 00 bank BIN (6 digits), 01 account number
 *        02 service "QRIBFTTA" (transfer to an account number)
 *   53 transaction currency       "704" (VND, ISO 4217)
 *   54 transaction amount         whole đồng, when there is one
 *   58 country code               "VN"
 *   62 additional data: 08 purpose of transaction (the transfer's description)
 *   63 CRC                        4 uppercase hex digits: CRC-16/CCITT-FALSE (polynomial 0x1021,
 *                                 initial 0xFFFF, no reflection, no final XOR) of the UTF-8 bytes
 *                                 of everything before it, including "6304"
 *
 * The output is the one vietnam-qr-pay's `QRPay.initVietQR({ bankBin, bankNumber, amount,
 * purpose }).build()` gives (test/unit/documents/vietqr.test.ts compares them); that package
 * also carries the list of banks and bank apps, which the functions do not need.
 */

export interface VietQrTransfer {
  /** The beneficiary's bank, its 6-digit NAPAS BIN. */
  bankBin: string;
  /** The beneficiary's account number. */
  accountNumber: string;
  /** Whole đồng; none for a code where the payer types the amount. */
  amount?: number;
  /** The transfer's description (ASCII, as banks require); empty leaves the field out. */
  purpose?: string;
}

const NAPAS_GUID = "A000000727";
const BY_ACCOUNT_NUMBER = "QRIBFTTA";
const CURRENCY_VND = "704";
const COUNTRY_VN = "VN";

/** One TLV field; an empty value gives no field. EMVCo lengths are 2 digits: at most 99. */
function field(tag: string, value: string): string {
  if (value.length === 0) return "";
  if (value.length > 99) throw new RangeError(`VietQR field ${tag} longer than 99 characters`);
  return `${tag}${String(value.length).padStart(2, "0")}${value}`;
}

/** CRC-16/CCITT-FALSE of the UTF-8 bytes of `text`, as 4 uppercase hex digits. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** The VietQR payload of a transfer to an account number. */
export function vietQr(t: VietQrTransfer): string {
  const amount = t.amount === undefined ? "" : String(t.amount);
  const beneficiary = field("00", t.bankBin) + field("01", t.accountNumber);
  const content =
    field("00", "01") +
    field("01", amount ? "12" : "11") +
    field(
      "38",
      field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", BY_ACCOUNT_NUMBER),
    ) +
    field("53", CURRENCY_VND) +
    field("54", amount) +
    field("58", COUNTRY_VN) +
    field("62", field("08", t.purpose ?? "")) +
    "6304";
  return content + crc16CcittFalse(content);
}
