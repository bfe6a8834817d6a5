/** In-memory Directory seeded with units and users. */
import type { Directory, DirectoryUser, Unit } from "../../../shared/directory/ports.ts";
import { ValidationError } from "../../../shared/kernel/errors.ts";
import { memoryWrite } from "./db.ts";

export function memoryDirectory(
  units: Unit[],
  users: DirectoryUser[] = [],
): Directory & {
  units: Map<string, Unit>;
} {
  const byId = new Map(units.map((u) => [u.id, u]));
  const find = async (id: string) => {
    const u = byId.get(id);
    return u ? { ...u } : undefined;
  };
  return {
    units: byId,
    findUnit: find,
    findUnitFresh: find,
    async commune(id) {
      const u = byId.get(id);
      if (u?.kind !== "commune" || !u.reviewUnitId) {
        throw new ValidationError(`communeId ${id} is not a known commune`, [
          { field: "communeId", message: "unknown commune" },
        ]);
      }
      return u as Unit & { reviewUnitId: string };
    },
    async listUnits(provinceId) {
      return [...byId.values()].filter((u) => u.provinceId === provinceId);
    },
    async provinces() {
      return [...byId.values()]
        .filter((u) => u.kind === "province")
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    async findUser(username) {
      return users.find((u) => u.username === username);
    },
    async usersOfUnit(unitId, roles) {
      return users.filter((u) => u.unitId === unitId && roles.includes(u.role));
    },
    stageReviewUnitChange(communeId, from, to) {
      return memoryWrite(
        () => {
          const u = byId.get(communeId);
          if (u) byId.set(communeId, { ...u, reviewUnitId: to });
        },
        () => byId.has(communeId) && byId.get(communeId)?.reviewUnitId === from,
      );
    },
    forget() {
      // nothing cached in memory
    },
  };
}

/** One province, one reviewing unit, two communes: the shape of the demo data. */
export const DEMO_UNITS: Unit[] = [
  { id: "P-LC", kind: "province", nameVi: "Tỉnh Lào Cai", nameEn: "Lao Cai", provinceId: "P-LC" },
  {
    id: "RU-BX",
    kind: "review_unit",
    nameVi: "Hội LHPN Bát Xát",
    nameEn: "Bat Xat union",
    provinceId: "P-LC",
  },
  {
    id: "C-BATXAT",
    kind: "commune",
    nameVi: "Xã Bát Xát",
    nameEn: "Bat Xat",
    provinceId: "P-LC",
    reviewUnitId: "RU-BX",
  },
  {
    id: "C-MUONGHUM",
    kind: "commune",
    nameVi: "Xã Mường Hum",
    nameEn: "Muong Hum",
    provinceId: "P-LC",
    reviewUnitId: "RU-BX",
  },
];
