/**
 * The spreadsheet layouts the registry imports (docs/registry-import.md describes them, and the
 * templates in docs/ are generated from these definitions). Row 1 holds the column names; a
 * column is recognised by its English key or its Vietnamese name, in any case, with or without
 * diacritics, spaces or underscores. Columns may come in any order; unknown columns are refused
 * (a typo must not silently drop data).
 */
import { foldVietnamese } from "../names.ts";

export const LAYOUTS = ["beneficiaries", "members"] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface ColumnDef {
  key: string;
  vi: string;
  /** What goes in the column, for the documentation. */
  doc: string;
  /** Required in every row (others may be required for some kinds only). */
  required?: boolean;
  example: string;
}

export const BENEFICIARY_COLUMNS: readonly ColumnDef[] = [
  {
    key: "kind",
    vi: "loai",
    required: true,
    doc: "TO_TKVVTB (savings group), TO_NHOM_SINH_KE, THT, HTX or DCTC",
    example: "TO_TKVVTB",
  },
  {
    key: "commune_id",
    vi: "ma_xa",
    required: true,
    doc: "commune unit id, e.g. C-BATXAT",
    example: "C-BATXAT",
  },
  {
    key: "name",
    vi: "ten",
    required: true,
    doc: "name of the group, cooperative or address",
    example: "Tổ TKVVTB thôn Phìn Hồ",
  },
  { key: "village", vi: "thon_ban", doc: "village; required for TO_TKVVTB", example: "Phìn Hồ" },
  {
    key: "founded_on",
    vi: "ngay_thanh_lap",
    doc: "founding date (DCTC: the date founded or upgraded); required for TO_TKVVTB and DCTC; YYYY-MM-DD or DD/MM/YYYY",
    example: "2024-03-15",
  },
  {
    key: "status",
    vi: "tinh_trang",
    doc: "hoat_dong (active, default), tam_ngung (inactive) or giai_the (dissolved)",
    example: "hoat_dong",
  },
  {
    key: "status_since",
    vi: "tinh_trang_tu_ngay",
    doc: "date of the last status change (dissolution date)",
    example: "",
  },
  {
    key: "facilitator",
    vi: "nguoi_ho_tro",
    doc: "TO_TKVVTB: the facilitator (a Union officer or volunteer)",
    example: "Cán bộ Hội xã",
  },
  {
    key: "gals_since",
    vi: "gals_tu_ngay",
    doc: "TO_TKVVTB: date the group started applying GALS",
    example: "2025-01-10",
  },
  {
    key: "leadership",
    vi: "phu_nu_lam_chu",
    doc: "TO_NHOM_SINH_KE, THT, HTX: lam_chu (women-led) or dong_lam_chu (co-led); required for them",
    example: "",
  },
  {
    key: "women_by_ethnicity",
    vi: "thanh_vien_nu_theo_dan_toc",
    doc: "TO_NHOM_SINH_KE, THT, HTX: women members per ethnicity, e.g. Mông:12; Dao:3",
    example: "",
  },
  {
    key: "men_by_ethnicity",
    vi: "thanh_vien_nam_theo_dan_toc",
    doc: "TO_NHOM_SINH_KE, THT, HTX: men members per ethnicity, e.g. Mông:2",
    example: "",
  },
  {
    key: "products",
    vi: "san_pham",
    doc: "TO_NHOM_SINH_KE, THT, HTX: products separated by ';'",
    example: "",
  },
  {
    key: "origin",
    vi: "hinh_thuc",
    doc: "DCTC: thanh_lap_moi (founded) or nang_cap (upgraded); required for DCTC",
    example: "",
  },
  {
    key: "host_name",
    vi: "chu_dctc",
    doc: "DCTC: the host's name (personal data: sealed on import)",
    example: "",
  },
  {
    key: "confirm_distinct",
    vi: "khong_trung",
    doc: "x to register the row although an entry with the same name exists in the commune (queued for the province's review)",
    example: "",
  },
];

export const MEMBER_COLUMNS: readonly ColumnDef[] = [
  {
    key: "group_id",
    vi: "ma_to",
    required: true,
    doc: "registry id of the savings group (BN-...)",
    example: "BN-DEM0000001",
  },
  {
    key: "name",
    vi: "ho_ten",
    required: true,
    doc: "member's full name (personal data)",
    example: "Lý Thị Mai",
  },
  {
    key: "gender",
    vi: "gioi_tinh",
    required: true,
    doc: "nu (female) or nam (male)",
    example: "nu",
  },
  {
    key: "birth_year",
    vi: "nam_sinh",
    doc: "year of birth, e.g. 1985 (no ID numbers)",
    example: "1985",
  },
  { key: "ethnicity", vi: "dan_toc", doc: "ethnicity, e.g. Mông", example: "Mông" },
  { key: "joined_on", vi: "ngay_vao_to", doc: "date the member joined", example: "2024-03-15" },
  { key: "left_on", vi: "ngay_roi_to", doc: "date the member left, if she did", example: "" },
  {
    key: "institution",
    vi: "dinh_che_tai_chinh",
    doc: "formal financial institution the member was introduced to (with institution_on)",
    example: "Ngân hàng Chính sách xã hội",
  },
  {
    key: "institution_on",
    vi: "ngay_gioi_thieu",
    doc: "date of that introduction",
    example: "2025-06-01",
  },
  {
    key: "livelihood_support",
    vi: "ho_tro_sinh_ke",
    doc: "livelihood support received (with support_on)",
    example: "",
  },
  { key: "support_on", vi: "ngay_ho_tro", doc: "date of that support", example: "" },
  {
    key: "confirm_distinct",
    vi: "khong_trung",
    doc: "x to add the row although the group has a member with the same name and birth year",
    example: "",
  },
];

export const COLUMNS: Record<Layout, readonly ColumnDef[]> = {
  beneficiaries: BENEFICIARY_COLUMNS,
  members: MEMBER_COLUMNS,
};

/** Rows per file: larger lists are split (the request body is limited too). */
export const MAX_IMPORT_ROWS = 2000;

const headerKey = (text: string) => foldVietnamese(text).replace(/ /g, "_");

/** The column key a header cell names, or undefined. */
export function columnOf(layout: Layout, header: string): ColumnDef | undefined {
  const k = headerKey(header);
  return COLUMNS[layout].find((c) => c.key === k || headerKey(c.vi) === k);
}

/** The kind codes of the file, Vietnamese and English. */
export const KIND_CODES: Record<
  string,
  "SAVINGS_GROUP" | "LIVELIHOOD_GROUP" | "COOPERATIVE_GROUP" | "COOPERATIVE" | "TRUSTED_ADDRESS"
> = {
  to_tkvvtb: "SAVINGS_GROUP",
  savings_group: "SAVINGS_GROUP",
  to_nhom_sinh_ke: "LIVELIHOOD_GROUP",
  livelihood_group: "LIVELIHOOD_GROUP",
  tht: "COOPERATIVE_GROUP",
  to_hop_tac: "COOPERATIVE_GROUP",
  cooperative_group: "COOPERATIVE_GROUP",
  htx: "COOPERATIVE",
  hop_tac_xa: "COOPERATIVE",
  cooperative: "COOPERATIVE",
  dctc: "TRUSTED_ADDRESS",
  dia_chi_tin_cay: "TRUSTED_ADDRESS",
  trusted_address: "TRUSTED_ADDRESS",
};

export const codeOf = (text: string) => headerKey(text);
