/**
 * Benchmark: dashboard reads at national scale. Loads the organisation (34 provinces, 3,321
 * communes) and five years (2022-2026) of counters straight into DynamoDB Local, built by the
 * same pure functions the use cases stage in the facts' transactions (shared/monitoring/domain:
 * deltas.ts → cells.ts), then measures GET /v1/monitoring/dashboard for the nation (as the
 * central officer) and for one province (Lào Cai, as its officer), interleaved.
 *
 *   npm run bench:indicators
 *   INDICATOR_BENCH_READS=100 npm run bench:indicators
 *
 * The national read Queries the nation's partition (34 province totals per slot); the
 * province read its own (its ~98 communes per slot): O(places × slots) items, no scan, so the
 * national read should cost no more than about one province's. Ends with one JSON line:
 * { provinces, communes, years, cells, p95_ms_national, p95_ms_province, ratio_national_vs_province }.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NATION_ID } from "../shared/kernel/types.ts";
import {
  type CellIncrement,
  cellIncrements,
  cellKeyString,
} from "../shared/monitoring/domain/cells.ts";
import {
  approvalDeltas,
  disbursementDeltas,
  eventDeltas,
  type IndicatorDelta,
  memberDeltas,
  type SavingsGroupFacts,
  savingsGroupDeltas,
  settlementDeltas,
} from "../shared/monitoring/domain/deltas.ts";
import { dataIndexKeys, dataKeys } from "../shared/tables/data-table.ts";
import { startStack } from "../test/support/local-stack.ts";
import { BenchClient, pct } from "./bench/client.ts";

const PROVINCES = 34;
const COMMUNES = 3_321;
const YEARS = [2022, 2023, 2024, 2025, 2026];
const READS = Number(process.env.INDICATOR_BENCH_READS ?? 60);
const PARALLEL = 12;
const TABLE = "DataTable";
const ACTIVITIES = ["A1", "A2", "A3", "A4"] as const;

/** A small deterministic generator, so every run loads the same data. */
let seed = 42;
const rnd = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};
const day = (year: number) =>
  `${year}-${String(1 + rnd(12)).padStart(2, "0")}-${String(1 + rnd(28)).padStart(2, "0")}`;

interface Place {
  id: string;
  provinceId: string;
  reviewUnitId: string;
}

function organisation(): { units: Record<string, unknown>[]; communes: Place[] } {
  // The demo's Lào Cai (P-LC, four communes) is one of the 34; the others are synthetic.
  const provinces = ["P-LC", ...Array.from({ length: PROVINCES - 1 }, (_, i) => `P-S${i + 1}`)];
  const units: Record<string, unknown>[] = [];
  const communes: Place[] = [];
  const perProvince = Math.floor((COMMUNES - 4) / PROVINCES);
  let made = 4;
  provinces.forEach((p, pi) => {
    if (p !== "P-LC")
      units.push(unit({ id: p, kind: "province", provinceId: p, parentId: NATION_ID }));
    const ru = `RU-${p}`;
    units.push(unit({ id: ru, kind: "review_unit", provinceId: p }));
    const n = pi === PROVINCES - 1 ? COMMUNES - 4 - perProvince * (PROVINCES - 1) : perProvince;
    for (let c = 0; c < n; c++) {
      const id = `C-${p.slice(2)}-${c + 1}`;
      units.push(unit({ id, kind: "commune", provinceId: p, reviewUnitId: ru }));
      communes.push({ id, provinceId: p, reviewUnitId: ru });
      made++;
    }
  });
  for (const id of ["C-BATXAT", "C-MUONGHUM", "C-YTY", "C-TAVAN"])
    communes.push({ id, provinceId: "P-LC", reviewUnitId: "RU-BX" });
  if (made !== COMMUNES) throw new Error(`made ${made} communes`);
  return { units, communes };
}

function unit(u: {
  id: string;
  kind: string;
  provinceId: string;
  reviewUnitId?: string;
  parentId?: string;
}) {
  return {
    ...dataKeys.unit(u.id),
    ...dataIndexKeys.unit(u),
    ...u,
    nameVi: `${u.kind === "commune" ? "Xã" : u.kind === "province" ? "Tỉnh" : "Cụm"} ${u.id}`,
    nameEn: u.id,
  };
}

/** One commune's facts of one year: proposals, payments, settlements, events, a savings group. */
function factsOf(c: Place, year: number): IndicatorDelta[] {
  const place = { communeId: c.id, provinceId: c.provinceId };
  const out: IndicatorDelta[] = [];
  for (let i = 0; i < 4; i++) {
    const activity = ACTIVITIES[rnd(4)] ?? "A2";
    const amount = (10 + rnd(50)) * 1_000_000;
    const p = { ...place, activity, approvedAmount: amount, items: [{ code: `${activity}.X` }] };
    out.push(...approvalDeltas(p, day(year)));
    out.push(...disbursementDeltas(p, { amount, paidOn: day(year) }));
    out.push(...settlementDeltas(p, { amount: amount - rnd(5) * 1_000_000, settledOn: day(year) }));
  }
  for (const kind of ["training", "conference", "communication"] as const)
    out.push(
      ...eventDeltas({
        place: { level: "commune", ...place },
        kind,
        heldOn: day(year),
        participants: {
          femaleMinority: rnd(30),
          femaleKinh: rnd(10),
          maleMinority: rnd(10),
          maleKinh: rnd(5),
        },
      }),
    );
  const g: SavingsGroupFacts = {
    ...place,
    state: "ACTIVE",
    foundedOn: day(year),
    status: "active",
    ...(rnd(3) === 0 ? { galsSince: `${year}-12-01` } : {}),
  };
  out.push(...savingsGroupDeltas(g));
  for (let m = 0; m < 12; m++)
    out.push(
      ...memberDeltas(
        {
          gender: rnd(10) < 8 ? "female" : "male",
          ethnicity: rnd(3) === 0 ? "Kinh" : "Mông",
          introductions: rnd(5) === 0 ? [{ on: day(year) }] : [],
          supports: rnd(5) === 0 ? [{ on: day(year) }] : [],
        },
        g,
      ),
    );
  return out;
}

/** Every cell of the whole data set, merged (one item per cell, as the ADDs would leave it). */
function cells(communes: readonly Place[]): Record<string, unknown>[] {
  const merged = new Map<string, CellIncrement>();
  for (const c of communes)
    for (const y of YEARS)
      for (const inc of cellIncrements(factsOf(c, y))) {
        const id = cellKeyString(inc.key);
        const cur = merged.get(id);
        if (!cur) merged.set(id, { key: inc.key, adds: { ...inc.adds } });
        else for (const [k, v] of Object.entries(inc.adds)) cur.adds[k] = (cur.adds[k] ?? 0) + v;
      }
  return [...merged.values()].map(({ key, adds }) => ({
    ...(key.kind === "cell"
      ? dataKeys.aggregateCell(key.parentId, key.year, key.slot, key.placeId)
      : dataKeys.aggregateNow(key.parentId, key.placeId)),
    placeId: key.placeId,
    parentId: key.parentId,
    ...(key.kind === "cell" ? { year: key.year, slot: key.slot } : {}),
    ...Object.fromEntries(Object.entries(adds).map(([k, v]) => [`c.${k}`, v])),
  }));
}

async function load(ddb: DynamoDBDocumentClient, items: Record<string, unknown>[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      next += 25;
      if (start >= items.length) return;
      let batch = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (batch.length > 0) {
        const res = await ddb.send(new BatchWriteCommand({ RequestItems: { [TABLE]: batch } }));
        batch = (res.UnprocessedItems?.[TABLE] ?? []) as typeof batch;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

const stack = await startStack({ env: { LOCAL_IN_MEMORY: "1" } });
try {
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const org = organisation();
  const all = cells(org.communes);
  let started = performance.now();
  await load(ddb, org.units);
  await load(ddb, all);
  console.log(
    `loaded ${org.units.length} units and ${all.length} counter cells in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const client = new BenchClient(stack.urls.api);
  const national = "/v1/monitoring/dashboard?placeId=VN&period=2026";
  const province = "/v1/monitoring/dashboard?placeId=P-LC&period=2026";
  for (let i = 0; i < 3; i++) {
    await client.call("warm", "GET", national, { token: "central" });
    await client.call("warm", "GET", province, { token: "province.laocai" });
  }
  const check = await client.call<{ children: unknown[]; indicators: unknown[] }>(
    "warm",
    "GET",
    national,
    { token: "central" },
  );
  if (check.status !== 200 || check.json.children.length !== PROVINCES)
    throw new Error(`national dashboard: ${check.status} ${check.text.slice(0, 300)}`);
  started = performance.now();
  for (let i = 0; i < READS; i++) {
    const a = await client.call("national", "GET", national, { token: "central" });
    const b = await client.call("province", "GET", province, { token: "province.laocai" });
    if (a.status !== 200 || b.status !== 200) throw new Error(`status ${a.status} / ${b.status}`);
  }
  const sorted = (label: string) => [...(client.samples.get(label) ?? [])].sort((x, y) => x - y);
  const n = pct(sorted("national"), 95);
  const p = pct(sorted("province"), 95);
  console.log(
    `${READS} reads each in ${((performance.now() - started) / 1000).toFixed(1)} s; p50 national ${pct(sorted("national"), 50)} ms, province ${pct(sorted("province"), 50)} ms`,
  );
  console.log(
    JSON.stringify({
      provinces: PROVINCES,
      communes: COMMUNES,
      years: YEARS.length,
      cells: all.length,
      reads: READS,
      p95_ms_national: n,
      p95_ms_province: p,
      ratio_national_vs_province: Math.round((n / p) * 100) / 100,
    }),
  );
} finally {
  await stack.dispose();
}
