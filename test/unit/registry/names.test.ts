import { describe, expect, it } from "vitest";
import { foldVietnamese, nameKeyOf } from "../../../shared/registry/domain/names.ts";

describe("GIVEN Vietnamese names of groups", () => {
  it.each([
    ["HTX-A", "htx-a", "case"],
    ["HTX-A", "HTX A", "punctuation as spacing"],
    ["HTX-A", "H.T.X  A", "dots and double spaces"],
    ["HTX-A", "  htx_a ", "underscore, leading and trailing spaces"],
    ["HTX Chè Y Tý", "HTX Che Y Ty", "diacritics"],
    ["HTX Chè Y Tý", "htx chè ytý", "spacing inside a word"],
    ["Tổ TKVVTB Đồng Tâm", "to tkvvtb dong tam", "đ/Đ and tones"],
    ["Hợp tác xã Chè Y Tý", "HTX Chè Y Tý", "the abbreviation written out"],
    ["Tổ hợp tác Mây tre đan", "THT Mây tre đan", "THT written out"],
    ["Chè\u0301", "Ché", "decomposed (NFD) and composed (NFC) accents"],
  ])("WHEN %j and %j are compared THEN they are the same (%s)", (a, b) => {
    expect(nameKeyOf(a)).toBe(nameKeyOf(b));
  });

  it.each([
    ["HTX-A", "HTX-A.2"],
    ["HTX Chè Y Tý", "HTX Chè Sàng Ma Sáo"],
    ["Tổ TKVVTB thôn 1", "Tổ TKVVTB thôn 2"],
  ])("WHEN %j and %j are compared THEN they differ", (a, b) => {
    expect(nameKeyOf(a)).not.toBe(nameKeyOf(b));
  });

  it("WHEN a name is folded THEN it keeps word boundaries for display; the key drops them", () => {
    expect(foldVietnamese("Đồng Tâm – Ý Tý!")).toBe("dong tam y ty");
    expect(nameKeyOf("Đồng Tâm – Ý Tý!")).toBe("dongtamyty");
  });

  it("WHEN a name has no letter or digit THEN its key is empty", () => {
    expect(nameKeyOf(" -- ")).toBe("");
  });
});
