/**
 * Registry bench (no stack, no Java): what the registry's own logic costs at programme scale.
 *
 * - indicators: the A1 indicators (shared/registry/domain/indicators.ts) over 1,800 savings
 *   groups of 25 members each (the national GALS target's number of groups), median of runs;
 * - import: a 2,000-row beneficiaries CSV (the import's row limit) through the import use case
 *   on in-memory ports, as a dry run and as an import (parsing, schema checks, duplicate checks
 *   within the file and against the registry, the staged writes).
 *
 * DynamoDB's latency is not in these figures (bench:lifecycle measures the stack). The last
 * stdout line is one JSON object.
 *
 * Usage: npx tsx scripts/bench/registry.ts [--groups 1800] [--members 25] [--rows 2000]
 */
import { parseArgs } from "node:util";
import type { ScopedActor } from "../../shared/access/policy.ts";
import type { TransitionContext } from "../../shared/proposals/domain/proposal.ts";
import type { Beneficiary, Member } from "../../shared/registry/domain/beneficiary.ts";
import { a1Indicators } from "../../shared/registry/domain/indicators.ts";
import { importRegistry } from "../../shared/registry/use-cases/import.ts";
import { registryWorld } from "../../test/support/memory/registry.ts";

const { values } = parseArgs({
  options: {
    groups: { type: "string", default: "1800" },
    members: { type: "string", default: "25" },
    rows: { type: "string", default: "2000" },
    runs: { type: "string", default: "5" },
  },
});
const GROUPS = Number(values.groups);
const MEMBERS = Number(values.members);
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);

const at = "2026-06-01T01:00:00.000Z";
const pad = (n: number, w: number) => String(n).padStart(w, "0");

function groupOf(i: number): Beneficiary {
  return {
    id: `BN-B${pad(i, 9)}`,
    kind: "SAVINGS_GROUP",
    communeId: `C-${i % 40}`,
    provinceId: "P-LC",
    name: `Tổ TKVVTB số ${i}`,
    nameKey: `totkvvtbso${i}`,
    state: "ACTIVE",
    version: 1,
    createdAt: at,
    createdBy: "bench",
    updatedAt: at,
    auditSeq: 1,
    auditHash: "",
    details: {
      village: `Thôn ${i}`,
      foundedOn: `20${pad(20 + (i % 6), 2)}-03-01`,
      status: i % 17 === 0 ? "dissolved" : "active",
      ...(i % 17 === 0 ? { statusSince: "2024-06-30" } : {}),
      ...(i % 3 === 0 ? { galsSince: "2024-01-15" } : {}),
    },
  };
}

function memberOf(g: number, j: number): Member {
  return {
    groupId: `BN-B${pad(g, 9)}`,
    id: `M${pad(j + 1, 3)}`,
    name: `Thành viên ${j}`,
    gender: j % 5 === 0 ? "male" : "female",
    birthYear: 1970 + (j % 30),
    ...(j % 11 === 0 ? { leftOn: "2023-12-31" } : {}),
    introductions:
      j % 6 === 0 ? [{ institution: "Ngân hàng Chính sách xã hội", on: "2025-04-02" }] : [],
    supports: j % 7 === 0 ? [{ what: "giống lợn đen", on: "2025-08-19" }] : [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

// Indicators: pure function over stored facts.
const groups = Array.from({ length: GROUPS }, (_, i) => groupOf(i));
const members = groups.flatMap((_, g) => Array.from({ length: MEMBERS }, (_, j) => memberOf(g, j)));
const period = { from: "2025-01-01", to: "2025-12-31" };
const indicatorRuns: number[] = [];
let result = a1Indicators(groups, members, period);
for (let r = 0; r < RUNS; r++) {
  const t0 = process.hrtime.bigint();
  result = a1Indicators(groups, members, period);
  indicatorRuns.push(ms(t0));
}

// Import: a clean 2,000-row file, dry run then import, on in-memory ports.
const province: ScopedActor = {
  id: "province.laocai",
  role: "province_officer",
  unitId: "P-LC",
  provinceId: "P-LC",
};
const tx: TransitionContext = { actor: province, channel: "api", at };
const header = "kind,commune_id,name,village,founded_on";
const lines = Array.from(
  { length: ROWS },
  (_, i) =>
    `TO_TKVVTB,${i % 2 ? "C-BATXAT" : "C-MUONGHUM"},Tổ TKVVTB nhập ${i},Thôn ${i},15/03/2024`,
);
const bytes = Buffer.from(`${[header, ...lines].join("\r\n")}\r\n`, "utf8");
const w = registryWorld();
let t0 = process.hrtime.bigint();
const dry = await importRegistry(w, province, tx, { bytes, format: "csv" }, "beneficiaries", true);
const dryMs = ms(t0);
t0 = process.hrtime.bigint();
const done = await importRegistry(
  w,
  province,
  tx,
  { bytes, format: "csv" },
  "beneficiaries",
  false,
);
const importMs = ms(t0);

const out = {
  bench: "registry",
  node: process.version,
  indicators: {
    groups: GROUPS,
    members: members.length,
    runs: RUNS,
    medianMs: Math.round(median(indicatorRuns) * 10) / 10,
    groupsInScope: result.groupsInScope,
    membersCounted: result.membersCounted,
    introducedPercent: result.introducedToFormalFinance.percent,
    supportedPercent: result.supportedInLivelihoods.percent,
    galsGroups: result.groupsApplyingGals.count,
  },
  import: {
    rows: ROWS,
    bytes: bytes.length,
    dryRun: { outcome: dry.outcome, problems: dry.problems.length, ms: Math.round(dryMs) },
    import: { outcome: done.outcome, created: done.created.length, ms: Math.round(importMs) },
  },
};
console.log(JSON.stringify(out));
