import { describe, expect, it } from "vitest";
import { csrfOf, page } from "../support/approver-helpers.ts";
import { U } from "../support/proposals.ts";
import { useStack } from "../support/use-stack.ts";

/**
 * The admin's users and units, and the province's routing, timetable, overdue reviews and
 * proposals, over HTTP as a browser without JavaScript uses them, on the local stack: the user
 * created on the page signs in through the local issuer (its account is in the local Cognito
 * user pool), a disabled one cannot, four eyes hold for money roles.
 */
const stack = useStack();

async function freshToken(username: string) {
  const res = await fetch(`${stack.urls.api}/_local/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username }),
  });
  return { status: res.status, token: ((await res.json()) as { token?: string }).token };
}

async function asCookie(token: string, path: string) {
  const res = await fetch(`${stack.urls.api}${path}`, {
    headers: { cookie: `p8_token=${token}` },
    redirect: "manual",
  });
  return { status: res.status, html: await res.text() };
}

async function usersForm(user: string, form: Record<string, string>) {
  const get = await page(stack, "GET", "/app/admin/users", { user });
  expect(get.status, get.html).toBe(200);
  return page(stack, "POST", "/app/admin/users", {
    user,
    form: { _csrf: csrfOf(get.html), ...form },
  });
}

const tag = Math.random().toString(36).slice(2, 7);

describe("GIVEN the admin's users page", () => {
  it("THEN a commune officer created there signs in at once; disabled, they cannot, even with their token", async () => {
    const username = `canbo.${tag}`;
    const created = await usersForm(U.admin, {
      op: "create",
      username,
      name: "Hoàng Thị Lan",
      email: `${username}@xa.vn`,
      role: "commune_officer",
      unitId: "C-BATXAT",
    });
    expect(created.status, created.html).toBe(303);
    expect(created.location).toBe("/app/admin/users?done=created");
    const list = await page(stack, "GET", "/app/admin/users", { user: U.admin });
    expect(list.html).toContain("Hoàng Thị Lan");
    expect(list.html).toContain("Đang hoạt động");
    const signedIn = await freshToken(username);
    expect(signedIn.status).toBe(200);
    const home = await asCookie(signedIn.token ?? "", "/app");
    expect(home.status).toBe(200);
    expect(home.html).toContain("Đề xuất đang soạn");

    const disabled = await usersForm(U.admin, { op: "disable", username });
    expect(disabled.status, disabled.html).toBe(303);
    expect((await freshToken(username)).status).toBe(400);
    // The token issued before: refused by the directory check (within the cache's minute: a
    // fresh process here, since every page function reads the entry when its cache is cold).
    const after = await asCookie(signedIn.token ?? "", "/app/proposals");
    expect(after.status).toBe(403);
    const enabled = await usersForm(U.admin, { op: "enable", username });
    expect(enabled.status, enabled.html).toBe(303);
    expect((await freshToken(username)).status).toBe(200);
  });

  it("THEN a finance officer needs a second admin: the creator cannot approve, admin2 can", async () => {
    const username = `taichinh.${tag}`;
    const created = await usersForm(U.admin, {
      op: "create",
      username,
      name: "Phạm Văn Tài",
      email: `${username}@tinh.vn`,
      role: "finance_officer",
      unitId: "P-LC",
    });
    expect(created.location).toBe("/app/admin/users?done=awaiting");
    expect((await freshToken(username)).status).toBe(400);
    const own = await usersForm(U.admin, { op: "approve", username });
    expect(own.status).toBe(403);
    expect(own.html).toContain("cần một quản trị viên khác phê duyệt");
    const second = await usersForm(U.admin2, { op: "approve", username });
    expect(second.status, second.html).toBe(303);
    expect((await freshToken(username)).status).toBe(200);
  });

  it("THEN bad input is a 400 with Vietnamese field errors, never a 500", async () => {
    const res = await usersForm(U.admin, {
      op: "create",
      username: "Có Dấu",
      name: "",
      email: "not-an-email",
      role: "commune_officer",
      unitId: "RU-BX",
    });
    expect(res.status).toBe(400);
    expect(res.html).toContain("Chỉ gồm chữ thường không dấu");
    expect(res.html).toContain("Địa chỉ email không hợp lệ");
    expect(res.html).toContain('aria-invalid="true"');
    const wrongUnit = await usersForm(U.admin, {
      op: "create",
      username: `sai.${tag}`,
      name: "Sai Đơn Vị",
      email: `sai.${tag}@xa.vn`,
      role: "commune_officer",
      unitId: "RU-BX",
    });
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.html).toContain("Vai trò không phù hợp với loại đơn vị");
  });

  it("THEN the API creates users too, and lists them for admins only", async () => {
    const username = `api.${tag}`;
    const res = await stack.api("POST", "/v1/users", {
      token: U.admin,
      body: {
        username,
        name: "Lý Thị Hà",
        email: `${username}@xa.vn`,
        role: "approver",
        unitId: "RU-BX",
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect((res.json as { status: string }).status).toBe("active");
    const list = await stack.api("GET", "/v1/users", { token: U.admin });
    expect(JSON.stringify(list.json)).toContain(username);
    expect((await stack.api("GET", "/v1/users", { token: U.province })).status).toBe(403);
  });
});

describe("GIVEN the units page", () => {
  it("THEN an admin creates a commune with its reviewing unit and moves it; the province reads it, without forms", async () => {
    const get = await page(stack, "GET", "/app/units", { user: U.admin });
    expect(get.status).toBe(200);
    const id = `C-T${tag.toUpperCase()}`;
    const created = await page(stack, "POST", "/app/units", {
      user: U.admin,
      form: {
        _csrf: csrfOf(get.html),
        op: "create",
        id,
        kind: "commune",
        nameVi: `Xã Thử ${tag}`,
        reviewUnitId: "RU-BX",
      },
    });
    expect(created.status, created.html).toBe(303);
    const moved = await page(stack, "POST", "/app/units", {
      user: U.admin,
      form: { _csrf: csrfOf(get.html), op: "route", communeId: id, reviewUnitId: "P-LC" },
    });
    expect(moved.status, moved.html).toBe(303);
    const province = await page(stack, "GET", "/app/units", { user: U.province });
    expect(province.status).toBe(200);
    expect(province.html).toContain(`Xã Thử ${tag}`);
    expect(province.html).not.toContain('name="_csrf"');
    const bad = await page(stack, "POST", "/app/units", {
      user: U.admin,
      form: { _csrf: csrfOf(get.html), op: "create", id: "xã sai", kind: "commune", nameVi: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Chỉ gồm chữ in hoa không dấu");
  });
});

describe("GIVEN the province officer's pages", () => {
  it("THEN the timetable is read-only for the province and a form for admins, with Vietnamese field errors", async () => {
    const province = await page(stack, "GET", "/app/settings/review", { user: U.province });
    expect(province.status).toBe(200);
    expect(province.html).toContain("Thời hạn thẩm định (giờ)");
    expect(province.html).not.toContain('<form method="post"');
    const admin = await page(stack, "GET", "/app/settings/review", { user: U.admin });
    const bad = await page(stack, "POST", "/app/settings/review", {
      user: U.admin,
      form: {
        _csrf: csrfOf(admin.html),
        reviewSlaHours: "0",
        remindBeforeHours: "24",
        escalateProvinceAfterHours: "48",
        linkExpiryDays: "7",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Phải từ");
  });

  it("THEN the province's proposals filter by commune name without accents, and overdue reviews list", async () => {
    const list = await page(stack, "GET", "/app/province?commune=bat%20xat", { user: U.province });
    expect(list.status, list.html).toBe(200);
    expect(list.html).toContain("Đề xuất của các xã trong tỉnh");
    const overdue = await page(stack, "GET", "/app/reviews/overdue", { user: U.province });
    expect(overdue.status).toBe(200);
    expect(overdue.html).toContain("Thẩm định quá hạn trong tỉnh");
    expect((await page(stack, "GET", "/app/province", { user: U.commune })).status).toBe(403);
  });
});
