/**
 * Notices to communes on in-memory ports: built from the audit history of real lifecycle
 * changes, sent once, retried after a failed send, never carrying personal data.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ScopedActor } from "../../../shared/access/policy.ts";
import type { DirectoryUser } from "../../../shared/directory/ports.ts";
import { emailNoticeChannel } from "../../../shared/notifications/adapters/email-notice-channel.ts";
import {
  communeNoticeMail,
  communeNoticeText,
  noticeOf,
} from "../../../shared/notifications/domain/commune-notices.ts";
import { notifyCommunes } from "../../../shared/notifications/use-cases/notify-communes.ts";
import * as lifecycle from "../../../shared/proposals/domain/lifecycle.ts";
import {
  type Proposal,
  SYSTEM_ACTOR,
  type TransitionContext,
} from "../../../shared/proposals/domain/proposal.ts";
import { createProposal, type DraftInput } from "../../../shared/proposals/use-cases/proposals.ts";
import { registryForProposals } from "../../../shared/registry/use-cases/for-proposals.ts";
import { MemoryDb } from "../../support/memory/db.ts";
import { DEMO_UNITS, memoryDirectory } from "../../support/memory/directory.ts";
import { memoryNoticeLog, memoryNoticeSource } from "../../support/memory/notices.ts";
import { memoryAppLinks, memoryMailer } from "../../support/memory/notifications.ts";
import { memoryCipher, memoryPseudonyms } from "../../support/memory/privacy.ts";
import { memoryProposalStore } from "../../support/memory/proposals.ts";
import {
  memoryRegistryStore,
  seedTestEntries,
  TEST_ENTRIES,
} from "../../support/memory/registry.ts";

const commune: ScopedActor = {
  id: "commune.batxat",
  role: "commune_officer",
  unitId: "C-BATXAT",
  provinceId: "P-LC",
};
const approver = { id: "approver.batxat", role: "approver" as const, unitId: "RU-BX" };
const user = (username: string, unitId: string, role: DirectoryUser["role"]): DirectoryUser => ({
  username,
  name: username,
  email: `${username}@demo.local`,
  role,
  unitId,
  provinceId: "P-LC",
});
const USERS = [
  user("commune.batxat", "C-BATXAT", "commune_officer"),
  user("commune2.batxat", "C-BATXAT", "commune_officer"),
  user("commune.muonghum", "C-MUONGHUM", "commune_officer"),
  user("approver.batxat", "RU-BX", "approver"),
];

const tx = (at: string, actor: TransitionContext["actor"] = commune): TransitionContext => ({
  actor,
  channel: "web",
  at,
});

const draft = (over: Partial<DraftInput> = {}): DraftInput => ({
  activity: "A2",
  phase: "2021-2025",
  title: "Thương hiệu chè Shan tuyết",
  communeId: "C-BATXAT",
  beneficiaryId: TEST_ENTRIES.cooperative,
  items: [
    {
      code: "A2.TECH_SUPPORT",
      description: "Nhãn",
      supportAmount: 60_000_000,
      totalCost: 90_000_000,
    },
  ],
  ...over,
});

let db: MemoryDb;
let ids: string[];
let mailer: ReturnType<typeof memoryMailer>;
let ports: ReturnType<typeof makePorts>;

function makePorts() {
  const proposals = memoryProposalStore(db);
  seedTestEntries(db);
  return {
    registry: registryForProposals(memoryRegistryStore(db)),
    proposals,
    directory: memoryDirectory(DEMO_UNITS, USERS),
    cipher: memoryCipher(),
    pseudonyms: memoryPseudonyms,
    events: memoryNoticeSource(proposals, () => ids),
    log: memoryNoticeLog(),
    channels: [emailNoticeChannel(mailer)],
    urls: memoryAppLinks,
  };
}

beforeEach(() => {
  db = new MemoryDb();
  ids = [];
  mailer = memoryMailer();
  ports = makePorts();
});

async function step(p: Proposal, change: lifecycle.Change, at: string, actor = commune) {
  return (await ports.proposals.save(p, change, tx(at, actor))).proposal;
}

/** Drafted, submitted, and decided by the reviewer. */
async function decided(decision: "return" | "reject" | "approve", over: Partial<DraftInput> = {}) {
  const t0 = "2026-06-06T01:00:00.000Z";
  const p0 = await createProposal(ports, commune, tx(t0), draft(over));
  ids.push(p0.id);
  const p1 = await step(
    p0,
    lifecycle.submit(p0, tx("2026-06-06T01:01:00.000Z")),
    "2026-06-06T01:01:00.000Z",
  );
  const at = "2026-06-06T01:05:00.000Z";
  const d = {
    decision,
    by: approver.id,
    at,
    channel: "web" as const,
    ...(decision === "approve" ? {} : { comment: "Bổ sung báo giá thiết kế nhãn" }),
  };
  return step(p1, lifecycle.decide(p1, d, tx(at, approver)), at, approver as ScopedActor);
}

describe("notices to communes", () => {
  it("GIVEN a proposal returned with a comment WHEN the notices run THEN the commune's officers (only) get one mail, Vietnamese first, with the comment and the proposal page's link", async () => {
    const p = await decided("return");
    const r = await notifyCommunes(ports, "2026-06-06T01:06:00.000Z");
    expect(r).toEqual({ sent: 1, skipped: 0, failed: 0, unreachable: 0 });
    expect(mailer.sent).toHaveLength(1);
    const m = mailer.sent[0];
    expect(m?.to.sort()).toEqual(["commune.batxat@demo.local", "commune2.batxat@demo.local"]);
    expect(m?.subject).toBe(
      `[Dự án 8] Đề xuất ${p.reference} được trả lại để bổ sung / Proposal ${p.reference} was returned for changes`,
    );
    expect(m?.text.indexOf("Ý kiến: Bổ sung báo giá thiết kế nhãn")).toBeGreaterThan(-1);
    expect(m?.text.indexOf("Xã: Xã Bát Xát")).toBeGreaterThan(-1);
    expect(m?.text).toContain(`https://p8.test/app/proposals/${p.id}`);
    expect(m?.text).toContain("08:05 ngày 06/6/2026 (giờ Việt Nam)");
    expect(m?.text.indexOf("---")).toBeGreaterThan(m?.text.indexOf("Mở đề xuất") ?? 0);
  });

  it("GIVEN notices already sent WHEN the next runs look back over the same events THEN nothing is sent twice", async () => {
    await decided("reject");
    await notifyCommunes(ports, "2026-06-06T01:06:00.000Z");
    const again = await notifyCommunes(ports, "2026-06-06T01:07:00.000Z");
    expect(again.sent).toBe(0);
    expect(again.skipped).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.subject).toContain("không được phê duyệt");
  });

  it("GIVEN the mail service down WHEN the notices run THEN the claim is given back and the next run sends it", async () => {
    await decided("return");
    mailer.fail();
    const down = await notifyCommunes(ports, "2026-06-06T01:06:00.000Z");
    expect(down).toMatchObject({ sent: 0, failed: 1 });
    mailer.recover();
    const up = await notifyCommunes(ports, "2026-06-06T01:07:00.000Z");
    expect(up).toMatchObject({ sent: 1, failed: 0 });
    expect(mailer.sent).toHaveLength(1);
  });

  it("GIVEN approval after the norm check and two payments WHEN the notices run THEN the commune hears approved, then paid twice with what was paid so far", async () => {
    const p = await decided("approve");
    const p2 = await step(
      p,
      lifecycle.normCheckPassed(p, {}, tx("2026-06-06T01:06:00.000Z", SYSTEM_ACTOR)),
      "2026-06-06T01:06:00.000Z",
      SYSTEM_ACTOR as ScopedActor,
    );
    expect((await notifyCommunes(ports, "2026-06-06T01:07:00.000Z")).sent).toBe(1);
    const p3 = await step(
      p2,
      lifecycle.recordDisbursement(
        p2,
        { amount: 20_000_000, paidOn: "2026-06-10", reference: "UNC-1" },
        tx("2026-06-10T02:00:00.000Z"),
      ),
      "2026-06-10T02:00:00.000Z",
    );
    expect((await notifyCommunes(ports, "2026-06-10T02:01:00.000Z")).sent).toBe(1);
    await step(
      p3,
      lifecycle.recordDisbursement(
        p3,
        { amount: 40_000_000, paidOn: "2026-06-11", reference: "UNC-2" },
        tx("2026-06-11T02:00:00.000Z"),
      ),
      "2026-06-11T02:00:00.000Z",
    );
    const r = await notifyCommunes(ports, "2026-06-11T02:01:00.000Z");
    expect(r.sent).toBe(1);
    const subjects = mailer.sent.map((m) => m.subject);
    expect(subjects[0]).toContain("đã được phê duyệt");
    expect(subjects[1]).toContain("đã được giải ngân");
    expect(mailer.sent[0]?.text).toContain("Số tiền được phê duyệt: 60.000.000 đ");
    expect(mailer.sent[2]?.text).toContain("Số tiền giải ngân lần này: 40.000.000 đ");
    expect(mailer.sent[2]?.text).toContain("Đã giải ngân: 60.000.000 đ / 60.000.000 đ");
  });

  it("GIVEN a survivor's proposal (activity 4) with personal data WHEN it is returned THEN the notice carries neither the personal data nor the free-text comment", async () => {
    const p = await decided("return", {
      activity: "A4",
      beneficiaryId: TEST_ENTRIES.survivor,
      items: [
        {
          code: "A4.LIVELIHOOD_MODEL",
          description: "Giống",
          supportAmount: 20_000_000,
          totalCost: 20_000_000,
        },
      ],
      personal: { fullName: "Nguyễn Thị Bí Mật", phone: "0912345678" },
    });
    await notifyCommunes(ports, "2026-06-06T01:06:00.000Z");
    const m = mailer.sent[0];
    expect(m?.subject).toContain(p.reference);
    const all = `${m?.subject}\n${m?.text}\n${m?.html}`;
    expect(all).not.toContain("Bí Mật");
    expect(all).not.toContain("0912345678");
    expect(all).not.toContain("Bổ sung báo giá");
    expect(all).toContain("xem trên trang đề xuất sau khi đăng nhập");
  });

  it("GIVEN a commune without officers WHEN its proposal is returned THEN nothing is sent and the run says it could not be told", async () => {
    ports.directory = memoryDirectory(
      DEMO_UNITS,
      USERS.filter((u) => u.unitId !== "C-BATXAT"),
    );
    await decided("return");
    const r = await notifyCommunes(ports, "2026-06-06T01:06:00.000Z");
    expect(r).toMatchObject({ sent: 0, unreachable: 1 });
    expect(mailer.sent).toHaveLength(0);
  });

  it("GIVEN an event the commune is not told about THEN there is no notice; a short text for SMS/Zalo senders carries the reference, amount and link only", () => {
    const p = {
      reference: "P8-2026-000001",
      activity: "A2" as const,
      items: [{ supportAmount: 5 }],
    };
    expect(
      noticeOf({ type: "proposal.edited", at: "2026-06-06T01:00:00Z" }, p, "Xã Bát Xát", "l"),
    ).toBeUndefined();
    const n = noticeOf(
      { type: "review.returned", at: "2026-06-06T01:00:00Z", reason: "Thiếu báo giá" },
      p,
      "Xã Bát Xát",
      "https://p8.test/app/proposals/x",
    );
    expect(n).toBeDefined();
    if (!n) return;
    const text = communeNoticeText(n);
    expect(text).toBe(
      "[Dự án 8] Đề xuất P8-2026-000001 được trả lại để bổ sung. Số tiền đề nghị hỗ trợ: 5 đ. https://p8.test/app/proposals/x",
    );
    expect(communeNoticeMail(n, ["a@b"]).html).toContain('<html lang="vi">');
  });
});
