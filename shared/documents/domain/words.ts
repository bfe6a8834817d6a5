/** Amounts in Vietnamese words, as decisions and payment orders write them ("Bằng chữ: ..."). */
import { doReadNumber, ReadingConfig } from "read-vietnamese-number";

const config = new ReadingConfig();
config.unit = ["đồng"];

/** 60000000 → "Sáu mươi triệu đồng". */
export function dongInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError("a whole, non-negative amount");
  const words = doReadNumber(String(amount), config);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
