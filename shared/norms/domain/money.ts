/**
 * Money and small-number formatting for norm messages. Hand-rolled rather than Intl so that the
 * text does not depend on the ICU data of the runtime.
 */

function groupDigits(n: number, separator: string): string {
  const sign = n < 0 ? "-" : "";
  const digits = Math.trunc(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** "30.000.000 đ": dots between thousands, as written in Vietnamese. */
export function formatDongVi(amount: number): string {
  return `${groupDigits(amount, ".")} đ`;
}

/** "30,000,000 VND". */
export function formatDongEn(amount: number): string {
  return `${groupDigits(amount, ",")} VND`;
}

/** True for a whole, non-negative, safe number of đồng. */
export function isWholeDong(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
