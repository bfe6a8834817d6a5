import { NATION_ID } from "../../shared/kernel/types.ts";

/**
 * Demo organisation: the nation (the central officers' unit), one province, two reviewing units
 * (former district unions), four communes.
 */
export interface DemoUnit {
  id: string;
  kind: "nation" | "province" | "review_unit" | "commune";
  nameVi: string;
  nameEn: string;
  provinceId: string;
  parentId?: string;
  /** Communes: the unit that reviews their proposals. */
  reviewUnitId?: string;
  /** Reviewing units: the username of the unit's lead. */
  leadUsername?: string;
}

export const DEMO_PROVINCE_ID = "P-LC";

export const DEMO_UNITS: readonly DemoUnit[] = [
  {
    id: NATION_ID,
    kind: "nation",
    nameVi: "Toàn quốc (Trung ương Hội LHPN Việt Nam)",
    nameEn: "Nationwide (Vietnam Women's Union, central)",
    provinceId: NATION_ID,
  },
  {
    id: DEMO_PROVINCE_ID,
    kind: "province",
    nameVi: "Tỉnh Lào Cai (demo)",
    nameEn: "Lao Cai Province (demo)",
    provinceId: DEMO_PROVINCE_ID,
    parentId: NATION_ID,
  },
  {
    id: "RU-BX",
    kind: "review_unit",
    nameVi: "Hội LHPN cụm Bát Xát (demo)",
    nameEn: "Bat Xat cluster Women's Union (demo)",
    provinceId: DEMO_PROVINCE_ID,
    parentId: DEMO_PROVINCE_ID,
    leadUsername: "lead.batxat",
  },
  {
    id: "RU-SP",
    kind: "review_unit",
    nameVi: "Hội LHPN cụm Sa Pa (demo)",
    nameEn: "Sa Pa cluster Women's Union (demo)",
    provinceId: DEMO_PROVINCE_ID,
    parentId: DEMO_PROVINCE_ID,
  },
  {
    id: "C-BATXAT",
    kind: "commune",
    nameVi: "Xã Bát Xát",
    nameEn: "Bat Xat Commune",
    provinceId: DEMO_PROVINCE_ID,
    parentId: "RU-BX",
    reviewUnitId: "RU-BX",
  },
  {
    id: "C-MUONGHUM",
    kind: "commune",
    nameVi: "Xã Mường Hum",
    nameEn: "Muong Hum Commune",
    provinceId: DEMO_PROVINCE_ID,
    parentId: "RU-BX",
    reviewUnitId: "RU-BX",
  },
  {
    id: "C-YTY",
    kind: "commune",
    nameVi: "Xã Y Tý",
    nameEn: "Y Ty Commune",
    provinceId: DEMO_PROVINCE_ID,
    parentId: "RU-BX",
    reviewUnitId: "RU-BX",
  },
  {
    id: "C-TAVAN",
    kind: "commune",
    nameVi: "Xã Tả Van",
    nameEn: "Ta Van Commune",
    provinceId: DEMO_PROVINCE_ID,
    parentId: "RU-SP",
    reviewUnitId: "RU-SP",
  },
];
