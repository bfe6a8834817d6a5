import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { columnName, readXlsx, toXlsx } from "../../shared/audit/domain/export/xlsx.ts";
import { crc32, unzip, zip } from "../../shared/audit/domain/export/zip.ts";

describe("ZIP writer", () => {
  it("GIVEN known data WHEN CRC-32 is computed THEN it matches the reference value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it("GIVEN entries WHEN zipped THEN the bytes have local headers, a central directory and read back identically", () => {
    const big = Buffer.from("Nhật ký kiểm toán ".repeat(200), "utf8");
    const small = Buffer.from("x");
    const buf = zip([
      { name: "a/nhật-ký.txt", data: big },
      { name: "b.txt", data: small },
    ]);
    expect(buf.readUInt32LE(0)).toBe(0x04034b50);
    expect(buf.readUInt32LE(buf.length - 22)).toBe(0x06054b50);
    // The repetitive entry is deflated; inflating its body by hand gives the original.
    expect(buf.readUInt16LE(8)).toBe(8);
    const nameLen = buf.readUInt16LE(26);
    const compressed = buf.subarray(30 + nameLen, 30 + nameLen + buf.readUInt32LE(18));
    expect(inflateRawSync(compressed).equals(big)).toBe(true);
    const back = unzip(buf);
    expect(back.map((e) => e.name)).toEqual(["a/nhật-ký.txt", "b.txt"]);
    expect(back[0]?.data.equals(big)).toBe(true);
    expect(back[1]?.data.equals(small)).toBe(true);
  });

  it("GIVEN a corrupted entry WHEN read THEN the CRC-32 check fails", () => {
    const buf = zip([{ name: "a.txt", data: Buffer.from("abc") }]);
    buf[30 + 5] = "z".charCodeAt(0);
    expect(() => unzip(buf)).toThrow(/CRC-32/);
  });
});

describe("XLSX writer", () => {
  it("GIVEN column indexes WHEN named THEN they follow A..Z, AA..", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });

  it("GIVEN a Vietnamese history WHEN written as XLSX THEN the package has the required parts and every cell reads back", () => {
    const header = ["Thời gian", "Sự kiện", "Lý do", "Số tiền"];
    const rows = [
      ["2026-06-01 08:00:00", "review.approved", "Đồng ý <đủ hồ sơ> & đúng định mức", 60_000_000],
      ["2026-06-02 09:30:00", "review.returned", 'Thiếu "biên bản"', 0],
    ];
    const buf = toXlsx("Nhật ký 2026-06", header, rows);
    const names = unzip(buf).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
      ]),
    );
    const types =
      unzip(buf)
        .find((e) => e.name === "[Content_Types].xml")
        ?.data.toString("utf8") ?? "";
    expect(types).toContain("spreadsheetml.sheet.main+xml");
    const book = readXlsx(buf);
    expect(book.sheetName).toBe("Nhật ký 2026-06");
    expect(book.rows).toEqual([header, ...rows]);
  });
});
