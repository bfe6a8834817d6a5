import { describe, expect, it } from "vitest";
import { checkLocalRequest } from "../../local/http/local-guard.ts";

const PORT = 3000;
const req = (
  method: string,
  path: string,
  headers: Record<string, string>,
): Parameters<typeof checkLocalRequest>[0] => ({ method, path, headers, port: PORT });

describe("GIVEN the gate of the local-only endpoints (/_local/*)", () => {
  const json = { host: "127.0.0.1:3000", "content-type": "application/json" };

  it("WHEN the Host is not the stack's own address THEN 403 (DNS rebinding)", () => {
    for (const host of [
      "evil.example",
      "evil.example:3000",
      "127.0.0.1:3001",
      "0.0.0.0:3000",
      "",
    ]) {
      const r = checkLocalRequest(req("GET", "/_local/mail.json", { host }));
      expect(r?.status, host).toBe(403);
    }
    expect(checkLocalRequest(req("GET", "/_local/mail.json", { host: "127.0.0.1:3000" }))).toBe(
      undefined,
    );
    expect(checkLocalRequest(req("GET", "/_local/mail.json", { host: "LOCALHOST:3000" }))).toBe(
      undefined,
    );
  });

  it("WHEN Origin is another site (or null) THEN 403; absent or same-origin THEN allowed", () => {
    for (const origin of [
      "http://evil.example",
      "null",
      "http://localhost:3000",
      "https://127.0.0.1:3000",
    ]) {
      const r = checkLocalRequest(req("POST", "/_local/auth/token", { ...json, origin }));
      expect(r?.status, origin).toBe(403);
    }
    expect(
      checkLocalRequest(
        req("POST", "/_local/auth/token", { ...json, origin: "http://127.0.0.1:3000" }),
      ),
    ).toBe(undefined);
    expect(
      checkLocalRequest(
        req("POST", "/_local/auth/token", {
          host: "localhost:3000",
          origin: "http://localhost:3000",
          "content-type": "application/json",
        }),
      ),
    ).toBe(undefined);
  });

  it("WHEN a POST is not JSON THEN 415, except the local pages' own two forms", () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ]) {
      const r = checkLocalRequest(
        req("POST", "/_local/auth/token", { host: "127.0.0.1:3000", "content-type": type }),
      );
      expect(r?.status, type).toBe(415);
    }
    expect(
      checkLocalRequest(
        req("POST", "/_local/clock", {
          host: "127.0.0.1:3000",
          "content-type": "application/json; charset=utf-8",
        }),
      ),
    ).toBe(undefined);
    const form = { host: "127.0.0.1:3000", "content-type": "application/x-www-form-urlencoded" };
    expect(checkLocalRequest(req("POST", "/_local/login", form))).toBe(undefined);
    expect(checkLocalRequest(req("POST", "/_local/mail/clear", form))).toBe(undefined);
    // A form post to the sign-in from another site is still refused by its Origin.
    expect(
      checkLocalRequest(req("POST", "/_local/login", { ...form, origin: "http://evil.example" }))
        ?.status,
    ).toBe(403);
    // text/plain is never a form, not even on the form endpoints.
    expect(
      checkLocalRequest(
        req("POST", "/_local/login", { host: "127.0.0.1:3000", "content-type": "text/plain" }),
      )?.status,
    ).toBe(415);
  });
});
