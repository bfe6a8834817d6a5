import { describe, expect, it } from "vitest";
import { parseJson } from "../../shared/http/validate.ts";
import type { ValidationError } from "../../shared/kernel/errors.ts";
import { CreateProposalInput } from "../../shared/proposals/schemas.ts";

const valid = {
  activity: "A2",
  title: "Xây dựng thương hiệu chè Shan tuyết",
  communeId: "C-BATXAT",
  beneficiaryId: "BN-DEM0000003",
  items: [
    {
      code: "A2.TECH_SUPPORT",
      description: "Thiết kế nhãn",
      supportAmount: 80_000_000,
      totalCost: 120_000_000,
    },
  ],
};

function fieldsOf(body: unknown): string[] {
  try {
    parseJson(JSON.stringify(body), CreateProposalInput);
    return [];
  } catch (err) {
    return (err as ValidationError).errors.map((e) => e.field);
  }
}

describe("proposal input validation", () => {
  it("accepts a valid draft and leaves the phase to the funding source or the decision date", () => {
    const parsed = parseJson(JSON.stringify(valid), CreateProposalInput);
    expect(parsed.phase).toBeUndefined();
    expect(parsed.fundingSource).toBeUndefined();
  });

  it.each([
    [
      "a negative amount",
      { items: [{ ...valid.items[0], supportAmount: -1 }] },
      "items.0.supportAmount",
    ],
    [
      "a fractional amount",
      { items: [{ ...valid.items[0], supportAmount: 10.5 }] },
      "items.0.supportAmount",
    ],
    [
      "support above total cost",
      { items: [{ ...valid.items[0], totalCost: 1 }] },
      "items.0.totalCost",
    ],
    ["no items", { items: [] }, "items"],
    // The kind comes from the registry now (shared/registry/use-cases/for-proposals.ts).
    ["a free-text beneficiary id", { beneficiaryId: "HTX-001" }, "beneficiaryId"],
    ["a lower-case registry id", { beneficiaryId: "bn-dem0000003" }, "beneficiaryId"],
    [
      "the old free-text beneficiary object",
      { beneficiary: { kind: "COOPERATIVE", id: "HTX-001", name: "HTX Chè Y Tý" } },
      "",
    ],
    [
      "a start month that is no month",
      { items: [{ ...valid.items[0], startMonth: "2026-13" }] },
      "items.0.startMonth",
    ],
    ["personal data on A2", { personal: { fullName: "x" } }, "personal"],
    ["an unknown field", { extra: 1 }, ""],
  ])("names the field for %s", (_n, patch, field) => {
    expect(fieldsOf({ ...valid, ...patch })).toContain(field);
  });

  it("reports a missing field by name", () => {
    const { title: _t, ...rest } = valid;
    expect(fieldsOf(rest)).toEqual(["title"]);
    const { beneficiaryId: _b, ...none } = valid;
    expect(fieldsOf(none)).toEqual(["beneficiaryId"]);
  });

  it("rejects malformed JSON with a clear message", () => {
    expect(() => parseJson("{", CreateProposalInput)).toThrow(/not valid JSON/);
  });
});
