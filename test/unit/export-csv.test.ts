import { describe, expect, it } from "vitest";
import { BOM, parseCsv, toCsv } from "../../shared/audit/domain/export/csv.ts";

describe("CSV export", () => {
  it("GIVEN Vietnamese text, quotes, commas and new lines WHEN written and parsed back THEN every cell is identical and the file starts with the UTF-8 BOM", () => {
    const header = ["Thời gian", "Lý do"];
    const rows = [
      ["2026-06-01 08:00:00", 'Trả lại: "thiếu hồ sơ", bổ sung\nbiên bản họp'],
      ["2026-06-02 09:30:00", "Đồng ý cấp vốn cho tổ hợp tác Ý Tý"],
    ];
    const csv = toCsv(header, rows);
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(parseCsv(bytes.toString("utf8"))).toEqual([header, ...rows]);
  });

  it("GIVEN a cell a spreadsheet would evaluate WHEN written THEN it is neutralised with an apostrophe", () => {
    expect(parseCsv(toCsv(["a"], [['=HYPERLINK("x")'], ["-5"]]))).toEqual([
      ["a"],
      ['\'=HYPERLINK("x")'],
      ["'-5"],
    ]);
  });

  it("GIVEN numbers and empty cells WHEN written THEN numbers stay plain and empties are empty", () => {
    expect(toCsv(["n", "x"], [[60_000_000, null]])).toBe(`${BOM}n,x\r\n60000000,\r\n`);
  });
});
