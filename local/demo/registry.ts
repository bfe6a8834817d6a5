/**
 * Demo entries of the programme registry (shared/registry): savings groups with members and
 * figures, a cooperative and a cooperative group, a trusted address and a survivor case, in the
 * demo communes. Each entry is written with its registration event (actor "system"), through
 * the same domain functions and keys as the application, only when missing, so that the demo
 * survives restarts with whatever was changed meanwhile. Ids are fixed (BN-DEM00000nn) so that
 * the README's examples can name them.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { appendEvent } from "../../shared/audit/domain/chain.ts";
import { cellUpdate } from "../../shared/monitoring/adapters/dynamo-indicator-ledger.ts";
import { cellIncrements } from "../../shared/monitoring/domain/cells.ts";
import { registryChangeDeltas } from "../../shared/monitoring/domain/registry-deltas.ts";
import { pseudonymKey } from "../../shared/privacy/adapters/pseudonym-key.ts";
import type { TransitionContext } from "../../shared/proposals/domain/proposal.ts";
import { SYSTEM_ACTOR } from "../../shared/proposals/domain/proposal.ts";
import type {
  Beneficiary,
  Details,
  GroupFigures,
  Member,
  RegistryKind,
} from "../../shared/registry/domain/beneficiary.ts";
import { register } from "../../shared/registry/domain/changes.ts";
import { memberIdOf } from "../../shared/registry/domain/ids.ts";
import { nameKeyOf } from "../../shared/registry/domain/names.ts";
import { auditKeys, auditStreams } from "../../shared/tables/audit-table.ts";
import { dataIndexKeys, dataKeys } from "../../shared/tables/data-table.ts";

/** The demo ids, for the README and the tests. */
export const DEMO_REGISTRY = {
  savingsGroupLechMong: "BN-DEM0000001",
  savingsGroupSangChai: "BN-DEM0000002",
  cooperativeTeaYTy: "BN-DEM0000003",
  cooperativeGroupRattan: "BN-DEM0000004",
  trustedAddressSangChai: "BN-DEM0000005",
  survivorCase: "BN-DEM0000006",
  cooperativeMuongHum: "BN-DEM0000007",
  savingsGroupBanPho: "BN-DEM0000008",
} as const;

interface DemoEntry {
  id: string;
  kind: RegistryKind;
  communeId: string;
  name: string;
  details: Details;
  members?: Omit<Member, "groupId" | "id" | "version" | "createdAt" | "updatedAt">[];
  figures?: Omit<GroupFigures, "groupId" | "recordedAt" | "recordedBy" | "corrections">[];
}

const PROVINCE = "P-LC";
const at = "2026-01-05T02:00:00.000Z";

const member = (
  name: string,
  birthYear: number,
  ethnicity: string,
  extra: Partial<Pick<Member, "introductions" | "supports" | "joinedOn">> = {},
) => ({
  name,
  birthYear,
  gender: "female" as const,
  ethnicity,
  introductions: [],
  supports: [],
  ...extra,
});

export const DEMO_ENTRIES: readonly DemoEntry[] = [
  {
    id: DEMO_REGISTRY.savingsGroupLechMong,
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name: "Tổ TKVVTB thôn Lếch Mông",
    details: {
      village: "Lếch Mông",
      foundedOn: "2024-03-15",
      status: "active",
      facilitator: "Chi hội phụ nữ thôn Lếch Mông",
      galsSince: "2025-01-10",
    },
    members: [
      member("Lý Thị Mai (demo)", 1985, "Mông", {
        introductions: [{ institution: "Ngân hàng Chính sách xã hội", on: "2025-06-01" }],
      }),
      member("Vàng Thị Dợ (demo)", 1990, "Mông", {
        supports: [{ what: "Giống lợn đen bản địa", on: "2025-04-12" }],
      }),
      member("Sùng Thị Chá (demo)", 1978, "Mông"),
      member("Giàng Thị Pà (demo)", 1995, "Mông"),
      member("Lò Thị Xuân (demo)", 1988, "Hà Nhì", {
        introductions: [{ institution: "Agribank chi nhánh Bát Xát", on: "2025-09-20" }],
        supports: [{ what: "Tập huấn trồng chè", on: "2025-08-05" }],
      }),
      member("Chảo Thị Mẩy (demo)", 1983, "Dao"),
    ],
    figures: [
      {
        period: "2025-11",
        savingsBalance: 18_400_000,
        loansOutstanding: 12_000_000,
        membersAttending: 6,
      },
      {
        period: "2025-12",
        savingsBalance: 19_650_000,
        loansOutstanding: 13_500_000,
        membersAttending: 5,
      },
    ],
  },
  {
    id: DEMO_REGISTRY.savingsGroupSangChai,
    kind: "SAVINGS_GROUP",
    communeId: "C-BATXAT",
    name: "Tổ TKVVTB thôn Sàng Chải",
    details: { village: "Sàng Chải", foundedOn: "2026-05-02", status: "active" },
  },
  {
    id: DEMO_REGISTRY.cooperativeTeaYTy,
    kind: "COOPERATIVE",
    communeId: "C-BATXAT",
    name: "HTX Chè Shan tuyết Y Tý",
    details: {
      leadership: "women_led",
      memberCounts: [
        { gender: "female", ethnicity: "Hà Nhì", count: 14 },
        { gender: "female", ethnicity: "Mông", count: 3 },
        { gender: "male", ethnicity: "Hà Nhì", count: 4 },
      ],
      products: ["chè Shan tuyết", "chè xanh"],
      foundedOn: "2021-09-01",
      status: "active",
    },
  },
  {
    id: DEMO_REGISTRY.cooperativeGroupRattan,
    kind: "COOPERATIVE_GROUP",
    communeId: "C-BATXAT",
    name: "Tổ hợp tác Mây tre đan Bát Xát",
    details: {
      leadership: "co_led",
      memberCounts: [{ gender: "female", ethnicity: "Dao", count: 9 }],
      products: ["mây tre đan"],
      status: "active",
    },
  },
  {
    id: DEMO_REGISTRY.trustedAddressSangChai,
    kind: "TRUSTED_ADDRESS",
    communeId: "C-BATXAT",
    name: "ĐCTC thôn Sàng Chải",
    details: { village: "Sàng Chải", origin: "founded", since: "2025-11-01", status: "active" },
  },
  {
    id: DEMO_REGISTRY.survivorCase,
    kind: "SURVIVOR_CASE",
    communeId: "C-BATXAT",
    name: "",
    details: {
      listedOn: "2026-01-05",
      needs: ["livelihood", "vocational_training"],
      status: "active",
    },
  },
  {
    id: DEMO_REGISTRY.cooperativeMuongHum,
    kind: "COOPERATIVE",
    communeId: "C-MUONGHUM",
    name: "HTX Nông sản Mường Hum",
    details: {
      leadership: "women_led",
      memberCounts: [{ gender: "female", ethnicity: "Giáy", count: 11 }],
      products: ["gạo Séng Cù"],
      status: "active",
    },
  },
  {
    id: DEMO_REGISTRY.savingsGroupBanPho,
    kind: "SAVINGS_GROUP",
    communeId: "C-MUONGHUM",
    name: "Tổ TKVVTB bản Pho",
    details: { village: "Pho", foundedOn: "2023-06-01", status: "active" },
  },
];

/** The items of one demo entry: the entry, its registration event, members and figures. */
export function demoRegistryItems(
  e: DemoEntry,
  tables: { data: string; audit: string },
  pseudonym?: string,
): {
  key: { pk: string; sk: string };
  items: (
    | { Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression?: string } }
    | ReturnType<typeof cellUpdate>
  )[];
} {
  const ctx: TransitionContext = { actor: SYSTEM_ACTOR, channel: "system", at };
  const name = e.kind === "SURVIVOR_CASE" ? (pseudonym ?? `Hồ sơ ${e.id}`) : e.name;
  const change = register(
    {
      id: e.id,
      kind: e.kind,
      communeId: e.communeId,
      provinceId: PROVINCE,
      name,
      nameKey: e.kind === "SURVIVOR_CASE" ? "" : nameKeyOf(name),
      details: e.details,
      ...(pseudonym ? { pseudonym } : {}),
    },
    ctx,
  );
  change.event.data = { ...change.event.data, demo: true };
  const event = appendEvent({ seq: 0, hash: "" }, change.event, {
    stream: auditStreams.beneficiary(e.id),
    at,
    actor: { id: "system", role: "system" },
    channel: "system",
    scope: { provinceId: PROVINCE, communeId: e.communeId },
  });
  const members = (e.members ?? []).map(
    (m, i): Member => ({
      ...m,
      groupId: e.id,
      id: memberIdOf(i + 1),
      version: 1,
      createdAt: at,
      updatedAt: at,
    }),
  );
  const entry = {
    ...change.next,
    ...(members.length > 0 ? { memberSeq: members.length } : {}),
    auditSeq: event.seq,
    auditHash: event.hash,
  } as Beneficiary;
  const key = dataKeys.beneficiary(e.id);
  // The A1 counters of the group and its members, as the registry's own writes keep them.
  const counters = cellIncrements(registryChangeDeltas(null, entry, members)).map((inc) =>
    cellUpdate(tables.data, inc.key, inc.adds),
  );
  return {
    key,
    items: [
      {
        Put: {
          TableName: tables.data,
          Item: { ...key, ...dataIndexKeys.beneficiary(entry), entity: "Beneficiary", ...entry },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Put: {
          TableName: tables.audit,
          Item: {
            ...auditKeys.event(event.stream, event.seq),
            atId: auditKeys.atId(at, event.stream, event.seq),
            ...event,
          },
        },
      },
      ...members.map((m) => ({
        Put: {
          TableName: tables.data,
          Item: { ...dataKeys.member(e.id, m.id), entity: "Member", ...m },
        },
      })),
      ...(e.figures ?? []).map((f) => ({
        Put: {
          TableName: tables.data,
          Item: {
            ...dataKeys.groupFigures(e.id, f.period),
            entity: "GroupFigures",
            ...f,
            groupId: e.id,
            recordedAt: at,
            recordedBy: "system",
            corrections: 0,
          },
        },
      })),
      ...counters,
    ],
  };
}

/** Writes the demo entries that are missing (each in one transaction). Returns how many. */
export async function seedDemoRegistry(
  client: DynamoDBClient,
  tables: { data: string; audit: string },
): Promise<number> {
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  let added = 0;
  for (const e of DEMO_ENTRIES) {
    // The survivor case's pseudonym with the stack's HMAC key (the local KMS), as on AWS.
    const pseudonym =
      e.kind === "SURVIVOR_CASE"
        ? await pseudonymKey()
            .pseudonymOf(e.id)
            .catch(() => undefined)
        : undefined;
    const { items } = demoRegistryItems(e, tables, pseudonym);
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      added++;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (
        error instanceof ConditionalCheckFailedException ||
        reasons?.[0]?.Code === "ConditionalCheckFailed"
      )
        continue;
      throw error;
    }
  }
  return added;
}
