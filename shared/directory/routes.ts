/** Routes of the directory capability: units and routing as data. */
import { defineRoute } from "../contract/define.ts";
import { UnitIdParam } from "../contract/params.ts";
import { ReviewUnitInput } from "./schemas.ts";

export const ListUnits = defineRoute({
  id: "ListUnits",
  method: "GET",
  path: "/v1/units",
  entry: "functions/api/list-units.ts",
  auth: "jwt",
  action: "units.read",
  grants: { data: "read" },
  doc: {
    tag: "Reference",
    summary: "Units of your province (communes and reviewing units)",
    summaryVi: "Danh sách đơn vị",
  },
});

export const SetReviewUnit = defineRoute({
  id: "SetReviewUnit",
  method: "PUT",
  path: "/v1/units/{id}/review-unit",
  entry: "functions/api/set-review-unit.ts",
  auth: "jwt",
  action: "units.manage",
  grants: { data: "readwrite", audit: "append" },
  request: { params: { id: UnitIdParam }, body: ReviewUnitInput },
  problems: ["conflict"],
  doc: {
    tag: "Admin",
    summary: "Set which unit reviews a commune (routing as data)",
    summaryVi: "Đặt đơn vị thẩm định của xã",
    description:
      "Open tasks stay where they are; the commune's next review task goes to the new unit. Audited on the stream UNIT#<commune>.",
  },
});

export const DIRECTORY_ROUTES = [ListUnits, SetReviewUnit];
