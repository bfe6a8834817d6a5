import { NATION_ID, type Role } from "../../shared/kernel/types.ts";
import { DEMO_PROVINCE_ID } from "./units.ts";

/** A demo user: a directory entry and the claims of the local ID token. */
export interface DemoUser {
  username: string;
  name: string;
  email: string;
  role: Role;
  unitId: string;
  provinceId: string;
  /** What the sign-in page says about the user, Vietnamese first. */
  descriptionVi: string;
  descriptionEn: string;
}

const user = (
  username: string,
  name: string,
  role: Role,
  unitId: string,
  descriptionVi: string,
  descriptionEn: string,
): DemoUser => ({
  username,
  name,
  email: `${username}@demo.local`,
  role,
  unitId,
  provinceId: DEMO_PROVINCE_ID,
  descriptionVi,
  descriptionEn,
});

export const DEMO_USERS: readonly DemoUser[] = [
  user(
    "commune.batxat",
    "Lò Thị Mai",
    "commune_officer",
    "C-BATXAT",
    "Cán bộ Hội xã Bát Xát: lập đề xuất",
    "Bat Xat commune officer: drafts proposals",
  ),
  user(
    "commune.muonghum",
    "Vàng Thị Dung",
    "commune_officer",
    "C-MUONGHUM",
    "Cán bộ Hội xã Mường Hum: lập đề xuất",
    "Muong Hum commune officer: drafts proposals",
  ),
  user(
    "approver.batxat",
    "Nguyễn Thị Hoa",
    "approver",
    "RU-BX",
    "Cán bộ thẩm định cụm Bát Xát",
    "Bat Xat cluster reviewer (approver)",
  ),
  user(
    "approver2.batxat",
    "Trần Thị Lan",
    "approver",
    "RU-BX",
    "Cán bộ thẩm định thứ hai cụm Bát Xát",
    "Second Bat Xat cluster reviewer (approver)",
  ),
  user(
    "lead.batxat",
    "Phạm Thị Thu",
    "unit_lead",
    "RU-BX",
    "Lãnh đạo cụm Bát Xát: nhận cảnh báo quá hạn",
    "Bat Xat cluster lead: receives escalations",
  ),
  user(
    "finance.laocai",
    "Hoàng Văn Nam",
    "finance_officer",
    DEMO_PROVINCE_ID,
    "Cán bộ tài chính tỉnh: ghi nhận giải ngân",
    "Province finance officer: records disbursements",
  ),
  user(
    "province.laocai",
    "Đỗ Thị Hằng",
    "province_officer",
    DEMO_PROVINCE_ID,
    "Cán bộ Hội LHPN tỉnh: theo dõi toàn tỉnh",
    "Province Women's Union officer: oversees the province",
  ),
  user(
    "auditor.laocai",
    "Lê Văn Kiên",
    "auditor",
    DEMO_PROVINCE_ID,
    "Kiểm toán: chỉ xem, xem nhật ký",
    "Auditor: read-only, audit trail",
  ),
  {
    ...user(
      "central",
      "Nguyễn Thị Thanh",
      "central_officer",
      NATION_ID,
      "Cán bộ Trung ương Hội: theo dõi toàn quốc, giao chỉ tiêu, duyệt báo cáo tỉnh",
      "Central officer: national dashboards, targets, approves province reports",
    ),
    provinceId: NATION_ID,
  },
  user(
    "admin",
    "Quản trị hệ thống",
    "admin",
    DEMO_PROVINCE_ID,
    "Quản trị: đơn vị, người dùng, định mức",
    "Administrator: units, users, norm sets",
  ),
  user(
    "admin2",
    "Quản trị viên thứ hai",
    "admin",
    DEMO_PROVINCE_ID,
    "Quản trị thứ hai: phê duyệt bộ định mức do người khác soạn",
    "Second administrator: approves norm sets someone else drafted",
  ),
  {
    ...user(
      "central.officer",
      "Nguyễn Thị Thu",
      "central_officer",
      NATION_ID,
      "Cán bộ Trung ương Hội: soạn bộ định mức toàn quốc",
      "Central officer: drafts national norm sets",
    ),
    provinceId: NATION_ID,
  },
  {
    ...user(
      "central.officer2",
      "Trần Thị Lan",
      "central_officer",
      NATION_ID,
      "Cán bộ Trung ương Hội thứ hai: phê duyệt bộ định mức toàn quốc",
      "Second central officer: approves national norm sets",
    ),
    provinceId: NATION_ID,
  },
];

/** The demo user named `username`, or an error listing the known ones. */
export function demoUser(username: string): DemoUser {
  const found = DEMO_USERS.find((u) => u.username === username);
  if (!found) {
    throw new Error(
      `unknown demo user "${username}"; known users: ${DEMO_USERS.map((u) => u.username).join(", ")}`,
    );
  }
  return found;
}
