/**
 * Spreadsheet imports on in-memory ports: a dry run names every problem by row and column; any
 * problem imports nothing; a clean file imports every row (CSV and XLSX, the templates too); a
 * re-post of an interrupted import resumes without writing a row twice; members join groups.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import { toXlsx } from "../../../shared/audit/domain/export/xlsx.ts";
import type { TransitionContext } from "../../../shared/proposals/domain/proposal.ts";
import { templateCsv, templateXlsx } from "../../../shared/registry/domain/import/template.ts";
import type { CreateBeneficiary } from "../../../shared/registry/schemas.ts";
import { importRegistry } from "../../../shared/registry/use-cases/import.ts";
import { registerBeneficiary } from "../../../shared/registry/use-cases/register.ts";
import { registryWorld } from "../../support/memory/registry.ts";

const province: ScopedActor = {
  id: "province.laocai",
  role: "province_officer",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const commune: ScopedActor = {
  id: "commune.batxat",
  role: "commune_officer",
  unitId: "C-BATXAT",
  provinceId: "P-LC",
};
const tx = (actor: ScopedActor): TransitionContext => ({
  actor,
  channel: "api",
  at: "2026-06-01T01:00:00Z",
});

const HEADER =
  "kind,commune_id,name,village,founded_on,leadership,women_by_ethnicity,origin,host_name";
const csv = (...rows: string[]) =>
  Buffer.from(`\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`, "utf8");
const CLEAN = [
  "TO_TKVVTB,C-BATXAT,Tổ TKVVTB thôn Lếch Mông,Lếch Mông,15/03/2024,,,,",
  "HTX,C-BATXAT,HTX Chè Y Tý,,2021-09-01,lam_chu,Hà Nhì:14; Mông:3,,",
  "THT,C-MUONGHUM,THT Mây tre đan,,,dong_lam_chu,,,",
  "DCTC,C-BATXAT,ĐCTC thôn Sàng Chải,,2024-05-20,,,nang_cap,Vàng Thị Mỷ",
];

let w: ReturnType<typeof registryWorld>;
beforeEach(() => {
  w = registryWorld();
});

const run = (
  bytes: Buffer,
  dryRun: boolean,
  actor = province,
  layout: "beneficiaries" | "members" = "beneficiaries",
  format: "csv" | "xlsx" = "csv",
) => importRegistry(w, actor, tx(actor), { bytes, format }, layout, dryRun);

async function entries(communeId: string) {
  return (await w.registry.ofCommune(communeId, undefined, { limit: 100, scope: [] })).entries;
}

describe("GIVEN a clean file of four rows", () => {
  it("WHEN it is checked THEN no problem, nothing written; WHEN imported THEN all four rows are registered", async () => {
    const dry = await run(csv(...CLEAN), true);
    expect(dry).toMatchObject({ outcome: "dry_run", rows: 4, problems: [] });
    expect(w.db.commits).toBe(0);
    const done = await run(csv(...CLEAN), false);
    expect(done).toMatchObject({ outcome: "imported", rows: 4 });
    expect(done.created.map((c) => c.row)).toEqual([2, 3, 4, 5]);
    const batxat = await entries("C-BATXAT");
    expect(batxat.map((b) => b.name).sort()).toEqual(
      ["HTX Chè Y Tý", "Tổ TKVVTB thôn Lếch Mông", "ĐCTC thôn Sàng Chải"].sort(),
    );
    const group = batxat.find((b) => b.kind === "SAVINGS_GROUP");
    expect(group?.details).toMatchObject({ foundedOn: "2024-03-15", village: "Lếch Mông" });
    const htx = batxat.find((b) => b.kind === "COOPERATIVE");
    expect(htx?.details).toMatchObject({
      leadership: "women_led",
      memberCounts: [
        { gender: "female", ethnicity: "Hà Nhì", count: 14 },
        { gender: "female", ethnicity: "Mông", count: 3 },
      ],
    });
    const address = batxat.find((b) => b.kind === "TRUSTED_ADDRESS");
    expect(JSON.stringify(address)).not.toContain("Mỷ");
    expect(address?.details).toMatchObject({ origin: "upgraded", since: "2024-05-20" });
    expect((await entries("C-MUONGHUM")).map((b) => b.kind)).toEqual(["COOPERATIVE_GROUP"]);
    expect((await w.registry.history(done.created[0]?.id ?? "")).map((e) => e.type)).toEqual([
      "beneficiary.imported",
    ]);
  });

  it("WHEN the same file is posted again THEN it is already imported and nothing is written twice", async () => {
    await run(csv(...CLEAN), false);
    const again = await run(csv(...CLEAN), false);
    expect(again.outcome).toBe("already_imported");
    expect(await entries("C-BATXAT")).toHaveLength(3);
  });

  it("WHEN it is an XLSX file THEN it imports the same way", async () => {
    const rows = CLEAN.map((r) => r.split(","));
    const bytes = toXlsx("Danh sách", HEADER.split(","), rows);
    const done = await run(bytes, false, province, "beneficiaries", "xlsx");
    expect(done).toMatchObject({ outcome: "imported", rows: 4 });
  });

  it("WHEN the templates are checked THEN their example rows pass", async () => {
    expect((await run(Buffer.from(templateCsv("beneficiaries")), true)).problems).toEqual([]);
    expect(
      (await run(templateXlsx("beneficiaries"), true, province, "beneficiaries", "xlsx")).problems,
    ).toEqual([]);
  });
});

describe("GIVEN a file with one bad row", () => {
  it("WHEN it is imported THEN nothing is imported and the problem names the row and the column", async () => {
    const bad = [
      ...CLEAN.slice(0, 2),
      "TO_TKVVTB,C-BATXAT,Tổ TKVVTB thôn Phìn Ngan,Phìn Ngan,31/02/2024,,,,",
      ...CLEAN.slice(2),
    ];
    const report = await run(csv(...bad), false);
    expect(report.outcome).toBe("refused");
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 4, column: "E", field: "founded_on" }),
    ]);
    expect(report.problems[0]?.messageVi).toContain("ngày");
    expect(w.db.commits).toBe(0);
    expect(await entries("C-BATXAT")).toEqual([]);
  });

  it.each([
    ["an unknown kind", "TKVV,C-BATXAT,Tổ A,Thôn A,2024-01-01,,,,", "A", "kind"],
    ["a commune outside the province", "HTX,C-LUNGCU,HTX Lũng Cú,,,lam_chu,,,", "B", "commune_id"],
    ["an unknown commune", "HTX,C-NOWHERE,HTX X,,,lam_chu,,,", "B", "commune_id"],
    [
      "a savings group without its village",
      "TO_TKVVTB,C-BATXAT,Tổ B,,2024-01-01,,,,",
      "D",
      "village",
    ],
    [
      "a savings group without a founding date",
      "TO_TKVVTB,C-BATXAT,Tổ B,Thôn B,,,,,",
      "E",
      "founded_on",
    ],
    ["an HTX without leadership", "HTX,C-BATXAT,HTX Z,,,,,,", "F", "leadership"],
    [
      "counts that do not read",
      "HTX,C-BATXAT,HTX Z,,,lam_chu,Mông mười hai,,",
      "G",
      "women_by_ethnicity",
    ],
    [
      "a column of another kind",
      "TO_TKVVTB,C-BATXAT,Tổ C,Thôn C,2024-01-01,lam_chu,,,",
      "F",
      "leadership",
    ],
    ["a control character", "HTX,C-BATXAT,HTX \u0007 Z,,,lam_chu,,,", "C", "name"],
  ])(
    "WHEN a row has %s THEN the report names row 2 and its column",
    async (_what, row, column, field) => {
      const report = await run(csv(row), true);
      expect(report.outcome).toBe("refused");
      expect(report.problems).toContainEqual(expect.objectContaining({ row: 2, column, field }));
    },
  );

  it("WHEN a row duplicates an entry of the registry or an earlier row THEN it is a problem, unless confirmed", async () => {
    await registerBeneficiary(w, commune, tx(commune), {
      kind: "COOPERATIVE",
      communeId: "C-BATXAT",
      name: "HTX Chè Y Tý",
      leadership: "women_led",
      memberCounts: [],
      products: [],
    } as CreateBeneficiary);
    const report = await run(
      csv(
        CLEAN[1] ?? "",
        "TO_TKVVTB,C-BATXAT,To TKVVTB thon Lech Mong,Lếch Mông,2024-03-15,,,,",
        CLEAN[0] ?? "",
      ),
      true,
    );
    expect(report.problems.map((p) => [p.row, p.column, p.message.slice(0, 20)])).toEqual([
      [2, "C", "likely duplicate of "],
      [4, "C", "same commune, kind a"],
    ]);
    const confirmed = await run(
      Buffer.from(
        `kind,commune_id,name,leadership,confirm_distinct\r\nHTX,C-BATXAT,htx che y ty,lam_chu,x\r\n`,
      ),
      false,
    );
    expect(confirmed.outcome).toBe("imported");
    const flagged = (await entries("C-BATXAT")).find((b) => b.name === "htx che y ty");
    expect(flagged?.duplicateOf).toHaveLength(1);
  });

  it("WHEN the header has an unknown or missing column THEN row 1 is named", async () => {
    const report = await run(Buffer.from("kind,commune,name\nHTX,C-BATXAT,HTX A\n"), true);
    expect(report.problems).toContainEqual(expect.objectContaining({ row: 1, column: "B" }));
    expect(report.problems).toContainEqual(
      expect.objectContaining({ row: 1, field: "commune_id" }),
    );
  });

  it("WHEN a commune officer imports rows of another commune THEN those rows are refused", async () => {
    const report = await run(csv(CLEAN[2] ?? ""), true, commune);
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 2, column: "B", field: "commune_id" }),
    ]);
  });

  it("WHEN the file is not a spreadsheet THEN one problem of row 1", async () => {
    const report = await run(Buffer.from([0xff, 0xfe, 0x00, 0x41]), true);
    expect(report.problems).toEqual([expect.objectContaining({ row: 1 })]);
    expect(
      (await run(Buffer.from("PK not a zip"), true, province, "beneficiaries", "xlsx")).outcome,
    ).toBe("refused");
  });
});

describe("GIVEN an import that stops half-way", () => {
  it("WHEN the same file is posted again THEN it resumes and every row is written once", async () => {
    const rows = Array.from(
      { length: 45 },
      (_, i) => `TO_TKVVTB,C-BATXAT,Tổ số ${i + 1},Thôn ${i + 1},2024-01-01,,,,`,
    );
    const file = csv(...rows);
    let calls = 0;
    const commit = w.registry.commit.bind(w.registry);
    w.registry.commit = async (writes) => {
      if (++calls === 2) throw new Error("network gone");
      return commit(writes);
    };
    await expect(run(file, false)).rejects.toThrow("network gone");
    expect(await entries("C-BATXAT")).toHaveLength(20);
    w.registry.commit = commit;
    const resumed = await run(file, false);
    expect(resumed).toMatchObject({ outcome: "imported", rows: 45 });
    const all = await entries("C-BATXAT");
    expect(all).toHaveLength(45);
    expect(new Set(all.map((b) => b.name)).size).toBe(45);
  });
});

describe("GIVEN a members file", () => {
  it("WHEN it lists members of a group THEN they join it (names nowhere in the audit), a bad row refuses the file", async () => {
    const g = await registerBeneficiary(w, commune, tx(commune), {
      kind: "SAVINGS_GROUP",
      communeId: "C-BATXAT",
      name: "Tổ 1",
      village: "Lếch Mông",
      foundedOn: "2024-03-15",
    } as CreateBeneficiary);
    const header = "group_id,name,gender,birth_year,ethnicity,institution,institution_on";
    const file = (...rows: string[]) => Buffer.from([header, ...rows].join("\n"));
    const bad = await run(
      file(`${g.id},Lý Thị Mai,nu,1985,Mông,,`, `${g.id},Sùng Thị Dợ,nữ,19xx,Mông,,`),
      true,
      commune,
      "members",
    );
    expect(bad.problems).toEqual([
      expect.objectContaining({ row: 3, column: "D", field: "birth_year" }),
    ]);
    expect(JSON.stringify(bad)).not.toContain("Sùng");
    const ok = await run(
      file(
        `${g.id},Lý Thị Mai,nu,1985,Mông,Ngân hàng Chính sách xã hội,01/06/2025`,
        `${g.id},Vàng A Páo,nam,,Mông,,`,
      ),
      false,
      commune,
      "members",
    );
    expect(ok.created.map((c) => c.id)).toEqual([`${g.id}/M001`, `${g.id}/M002`]);
    const members = await w.registry.members(g.id);
    expect(members[0]).toMatchObject({
      name: "Lý Thị Mai",
      gender: "female",
      introductions: [{ institution: "Ngân hàng Chính sách xã hội", on: "2025-06-01" }],
    });
    expect(JSON.stringify(w.db.events(`B#${g.id}`))).not.toContain("Lý Thị Mai");
    const dup = await run(file(`${g.id},ly thi mai,nu,1985,,,`), true, commune, "members");
    expect(dup.problems).toEqual([expect.objectContaining({ row: 2, field: "name" })]);
  });
});
