import { describe, expect, it } from "vitest";
import { fieldErrors, formToBody } from "../../shared/web/forms.ts";
import { isNumericField, rowsOf, shownFields } from "../../shared/web/proposal-form.ts";

describe("the commune's proposal form", () => {
  it("GIVEN typed fields WHEN they become the API's body THEN paths nest, rows become items and amounts integer đồng", () => {
    const body = formToBody(
      {
        _csrf: "t",
        op: "save",
        title: "Chè",
        "beneficiary.kind": "COOPERATIVE",
        "items.0.supportAmount": "60.000.000",
        "items.0.totalCost": "90 000 000 đ",
        "items.1.supportAmount": "sáu mươi",
        "items.0.months": "",
      },
      isNumericField,
    );
    expect(body).toEqual({
      title: "Chè",
      beneficiary: { kind: "COOPERATIVE" },
      items: [{ supportAmount: 60_000_000, totalCost: 90_000_000 }, { supportAmount: "sáu mươi" }],
    });
  });

  it("GIVEN field names aimed at prototypes WHEN the form is read THEN nothing outside the body changes", () => {
    const body = formToBody(
      { "constructor.prototype.polluted": "x", "__proto__.polluted": "x", "a.constructor.b": "x" },
      () => false,
    );
    expect(body).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("GIVEN the schema's issues WHEN they are shown THEN each is on its field in Vietnamese, an unshown path on the nearest field", () => {
    const errors = fieldErrors(
      "vi",
      [
        { field: "items.0.supportAmount", message: "must be a number of đồng" },
        { field: "items", message: "at least one item" },
        { field: "title", message: "expected string to have >=1 characters" },
      ],
      shownFields(1),
    );
    expect(errors["items.0.supportAmount"]).toBe("Phải là số tiền bằng đồng, chỉ gồm chữ số");
    expect(errors.title).toBe("Bắt buộc nhập");
    expect(Object.values(errors)).toContain("Cần ít nhất một hạng mục");
  });

  it("GIVEN a posted form THEN its rows are counted from its fields, at least one, at most fifty", () => {
    expect(rowsOf({})).toBe(1);
    expect(rowsOf({ "items.2.code": "" })).toBe(3);
    expect(rowsOf({ "items.999.code": "" })).toBe(50);
  });
});
