import { DEMO_PROVINCE_ID } from "./units.ts";

export { DEMO_ENTRIES, DEMO_REGISTRY } from "./registry.ts";
export { seedDemoData } from "./seed.ts";
export { DEMO_PROVINCE_ID, DEMO_UNITS, type DemoUnit } from "./units.ts";
export { DEMO_USERS, type DemoUser, demoUser } from "./users.ts";

/** Ids of the demo data, for tests. */
export const DEMO = {
  provinceId: DEMO_PROVINCE_ID,
  reviewUnitId: "RU-BX",
  /** A second reviewing unit, so that a commune's routing can be moved. */
  otherReviewUnitId: "RU-SP",
  communes: { batXat: "C-BATXAT", muongHum: "C-MUONGHUM", yTy: "C-YTY", taVan: "C-TAVAN" },
  users: {
    communeOfficer: "commune.batxat",
    communeOfficer2: "commune.muonghum",
    approver: "approver.batxat",
    approver2: "approver2.batxat",
    unitLead: "lead.batxat",
    financeOfficer: "finance.laocai",
    provinceOfficer: "province.laocai",
    auditor: "auditor.laocai",
    admin: "admin",
    admin2: "admin2",
    centralOfficer: "central.officer",
    centralOfficer2: "central.officer2",
    central: "central",
  },
} as const;
