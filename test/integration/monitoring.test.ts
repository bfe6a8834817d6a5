/**
 * Monitoring on the running stack (bundles as their roles, IAM enforced): a commune's quarterly
 * report pre-fills from facts stored through the real routes, whose figures are worked out by
 * hand below; the province approves it; the national dashboard shows the province and the nation
 * against their targets; an approved report changes only through an audited reopen.
 *
 * The stack's clock starts on 2026-06-01 08:00 (Asia/Ho_Chi_Minh), inside 2026-Q2.
 */
import { describe, expect, it } from "vitest";
import {
  a2Draft,
  createDraft,
  decide,
  submitAndOpen,
  U,
  waitForStatus,
} from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

const stack = useStack();
const CENTRAL = "central";
const REPORT = "/v1/monitoring/reports/C-BATXAT/2026-Q2";

interface Figure {
  value: number | null;
  target?: number;
  progress?: number | null;
  breakdown?: Record<string, number>;
}
interface ReportJson {
  report: { status: string; version: number; entered: Record<string, number> };
  figures: Record<string, Figure>;
  live: boolean;
  history: {
    events: { type: string; reason?: string; data?: Record<string, unknown> }[];
    chain: { ok: boolean };
  };
}
interface DashboardJson {
  indicators: ({ code: string } & Figure)[];
  children: { place: { id: string }; figures: Record<string, Figure> }[];
}

async function ok<T>(method: string, path: string, token: string, body?: unknown, status = 200) {
  const res = await stack.api<T>(method, path, { token, ...(body ? { body } : {}) });
  if (res.status !== status) console.error(stack.stderr().slice(-4000));
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.json;
}

const event = (unitId: string, kind: string, heldOn: string, p: number[], activity?: string) => ({
  unitId,
  kind,
  ...(activity ? { activity } : {}),
  title: `${kind} ${heldOn}`,
  heldOn,
  participants: {
    femaleMinority: p[0] ?? 0,
    femaleKinh: p[1] ?? 0,
    maleMinority: p[2] ?? 0,
    maleKinh: p[3] ?? 0,
  },
});

describe("GIVEN Bát Xát's second quarter of 2026 stored through the routes", () => {
  it("THEN the report pre-fills as worked by hand, the province approves it, the nation sees it against targets, and it changes only through an audited reopen", async () => {
    // Facts. One A2 proposal (60 M) approved by the norm check on 1/6 (Q2).
    const draft = await createDraft(stack, a2Draft());
    const task = await submitAndOpen(stack, draft);
    expect((await decide(stack, task, "approve")).status).toBe(200);
    const approved = await waitForStatus(stack, draft.id, "APPROVED");
    expect(approved.approvedAmount).toBe(60_000_000);
    // Events: Bát Xát's training on 10/4 (12+3 women, 5+1 men; 17 minority) and communication on
    // 8/5 (40); a training on 10/3 belongs to Q1. Mường Hum's training on 20/5 (10 Kinh women).
    await ok(
      "POST",
      "/v1/monitoring/events",
      U.commune,
      event("C-BATXAT", "training", "2026-04-10", [12, 3, 5, 1], "A1"),
      201,
    );
    await ok(
      "POST",
      "/v1/monitoring/events",
      U.commune,
      event("C-BATXAT", "communication", "2026-05-08", [30, 0, 10, 0]),
      201,
    );
    await ok(
      "POST",
      "/v1/monitoring/events",
      U.commune,
      event("C-BATXAT", "training", "2026-03-10", [7]),
      201,
    );
    await ok(
      "POST",
      "/v1/monitoring/events",
      U.commune2,
      event("C-MUONGHUM", "training", "2026-05-20", [0, 10]),
      201,
    );
    // Targets of 2026: the centre sets the nation's and Lào Cai's; the province Bát Xát's.
    await ok("PUT", "/v1/monitoring/targets/VN/2026", CENTRAL, {
      targets: { "A2.GROUPS_SUPPORTED": 100 },
    });
    await ok("PUT", "/v1/monitoring/targets/P-LC/2026", CENTRAL, {
      targets: { "A2.GROUPS_SUPPORTED": 20 },
    });
    await ok("PUT", "/v1/monitoring/targets/C-BATXAT/2026", U.province, {
      targets: { "A2.GROUPS_SUPPORTED": 4 },
    });
    // A province may not set the nation's targets; a commune not its own.
    expect(
      (
        await stack.api("PUT", "/v1/monitoring/targets/VN/2026", {
          token: U.province,
          body: { targets: { "A2.GROUPS_SUPPORTED": 1 } },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await stack.api("PUT", "/v1/monitoring/targets/C-BATXAT/2026", {
          token: U.commune,
          body: { targets: { "A2.GROUPS_SUPPORTED": 1 } },
        })
      ).status,
    ).toBe(403);

    // Live pre-fill while the quarter runs.
    let view = await ok<ReportJson>("GET", REPORT, U.commune);
    expect(view.report.status).toBe("NOT_STARTED");
    expect(view.live).toBe(true);
    const f = view.figures;
    expect(f["A2.GROUPS_SUPPORTED"]).toMatchObject({ value: 1, target: 4 });
    expect(f["A2.AMOUNT_APPROVED"]?.value).toBe(60_000_000);
    expect(f["FIN.APPROVED"]?.value).toBe(60_000_000);
    expect(f["FIN.DISBURSED"]?.value).toBe(0);
    expect(f["EV.TRAININGS"]?.value).toBe(1); // 10/3 is Q1
    expect(f["EV.TRAININGS_PARTICIPANTS"]).toMatchObject({
      value: 21,
      breakdown: expect.objectContaining({
        "gender=female": 15,
        "gender=male": 6,
        "ethnicity=minority": 17,
        "ethnicity=kinh": 4,
      }),
    });
    expect(f["EV.COMMUNICATIONS_PARTICIPANTS"]?.value).toBe(40);
    expect(f["A4.SURVIVORS_SUPPORTED"]?.value).toBe(0);

    // The quarter must end before the commune submits.
    let res = await stack.api("POST", `${REPORT}/submit`, { token: U.commune });
    expect(res.status, res.text).toBe(400);
    expect(res.text).toContain("not ended yet");
    await stack.advanceClock(31 * 86_400); // 2026-07-02 08:00
    const saved = await ok<{ version: number }>("PUT", REPORT, U.commune, {
      entered: { "A3.VICTIMS_SUPPORTED": 3, "A1.GROUPS_CONSOLIDATED": 2 },
      narrative: { results: "Hoàn thành tập huấn GALS", difficulties: "Đường xa" },
    });
    const submitted = await stack.api<{ status: string }>("POST", `${REPORT}/submit`, {
      token: U.commune,
      headers: { "if-match": `"${saved.version}"` },
    });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json.status).toBe("SUBMITTED");
    // Not approved: the centre does not see it, the entered values do not count yet.
    expect((await stack.api("GET", REPORT, { token: CENTRAL })).status).toBe(404);
    expect(
      (
        await stack.api("POST", `${REPORT}/decision`, {
          token: U.commune,
          body: { decision: "approve" },
        })
      ).status,
    ).toBe(403);

    await ok("POST", `${REPORT}/decision`, U.province, { decision: "approve" });
    view = await ok<ReportJson>("GET", REPORT, CENTRAL);
    expect(view.report.status).toBe("APPROVED");
    expect(view.live).toBe(false);
    expect(view.figures["A2.GROUPS_SUPPORTED"]?.value).toBe(1);

    // The national dashboard: Lào Cai 1 of 20 (5 %), the nation 1 of 100 (1 %); the entered
    // victims (3) count now; trainings: Bát Xát 1 + Mường Hum 1 = 2, 31 participants.
    const nation = await ok<DashboardJson>(
      "GET",
      "/v1/monitoring/dashboard?placeId=VN&period=2026-Q2",
      CENTRAL,
    );
    const lc = nation.children.find((c) => c.place.id === "P-LC");
    expect(lc?.figures["A2.GROUPS_SUPPORTED"]).toEqual({ value: 1, target: 20, progress: 5 });
    const nat = (code: string) => nation.indicators.find((i) => i.code === code);
    expect(nat("A2.GROUPS_SUPPORTED")).toMatchObject({ value: 1, target: 100, progress: 1 });
    expect(nat("FIN.APPROVED")?.value).toBe(60_000_000);
    expect(nat("A3.VICTIMS_SUPPORTED")?.value).toBe(3);
    expect(lc?.figures["A3.VICTIMS_SUPPORTED"]?.value).toBe(3);
    expect(nat("EV.TRAININGS")?.value).toBe(2);
    expect(nat("EV.TRAININGS_PARTICIPANTS")?.value).toBe(31);
    // A province reads no other place's dashboard than its own and its communes'.
    expect(
      (
        await stack.api("GET", "/v1/monitoring/dashboard?placeId=VN&period=2026-Q2", {
          token: U.province,
        })
      ).status,
    ).toBe(403);

    // Locked: no change without a reopen; the reopen needs the province and a reason.
    res = await stack.api("PUT", REPORT, {
      token: U.commune,
      body: { entered: { "A3.VICTIMS_SUPPORTED": 5 } },
    });
    expect(res.status, res.text).toBe(409);
    res = await stack.api("POST", `${REPORT}/reopen`, {
      token: U.commune,
      body: { reason: "sửa" },
    });
    expect(res.status).toBe(403);
    res = await stack.api("POST", `${REPORT}/reopen`, { token: U.province, body: { reason: "" } });
    expect(res.status).toBe(400);
    await ok("POST", `${REPORT}/reopen`, U.province, { reason: "Xã báo thiếu 2 nạn nhân" });
    // Reopened: the entered values are withdrawn until approved again.
    const again = await ok<DashboardJson>(
      "GET",
      "/v1/monitoring/dashboard?placeId=VN&period=2026-Q2",
      CENTRAL,
    );
    expect(again.indicators.find((i) => i.code === "A3.VICTIMS_SUPPORTED")?.value).toBe(0);
    await ok("PUT", REPORT, U.commune, {
      entered: { "A3.VICTIMS_SUPPORTED": 5, "A1.GROUPS_CONSOLIDATED": 2 },
    });
    await ok("POST", `${REPORT}/submit`, U.commune);
    await ok("POST", `${REPORT}/decision`, U.province, { decision: "approve" });
    const after = await ok<DashboardJson>(
      "GET",
      "/v1/monitoring/dashboard?placeId=VN&period=2026-Q2",
      CENTRAL,
    );
    expect(after.indicators.find((i) => i.code === "A3.VICTIMS_SUPPORTED")?.value).toBe(5);

    // Every step is in the report's audit chain, the reopen with its reason; the chain verifies.
    view = await ok<ReportJson>("GET", REPORT, U.province);
    const types = view.history.events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["report.submitted", "report.approved", "report.reopened"]),
    );
    expect(JSON.stringify(view.history.events)).toContain("Xã báo thiếu 2 nạn nhân");
    expect(view.history.chain.ok).toBe(true);
  }, 180_000);
});
