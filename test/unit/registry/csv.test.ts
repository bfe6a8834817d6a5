import { describe, expect, it } from "vitest";
import { CsvError, readCsv } from "../../../shared/registry/domain/import/csv.ts";

describe("GIVEN CSV as spreadsheet programs save it", () => {
  it("WHEN it has a BOM, CRLF and quoted fields THEN the rows read back", () => {
    const text = '\uFEFFkind,name\r\nHTX,"HTX ""Chè"", Y Tý"\r\nTO_TKVVTB,"dòng 1\r\ndòng 2"\r\n';
    expect(readCsv(text)).toEqual([
      ["kind", "name"],
      ["HTX", 'HTX "Chè", Y Tý'],
      ["TO_TKVVTB", "dòng 1\r\ndòng 2"],
    ]);
  });

  it("WHEN the header is separated by semicolons THEN so is every row", () => {
    expect(readCsv("kind;name\nHTX;Chè, Y Tý\n")).toEqual([
      ["kind", "name"],
      ["HTX", "Chè, Y Tý"],
    ]);
  });

  it("WHEN a quote is never closed THEN the error names the line where it opened", () => {
    const err = (() => {
      try {
        readCsv('a,b\n1,2\n3,"open\n4,5\n');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).row).toBe(3);
  });
});
