import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DRAFT_SCRIPT_CSP } from "../../shared/web/draft-script.ts";
import { PAGE_HEADERS } from "../../shared/web/handler.ts";
import { esc, layout } from "../../shared/web/html.ts";
import { langOf, MESSAGES } from "../../shared/web/i18n.ts";
import { csrfToken, csrfValid, formOf, signInUrl } from "../../shared/web/session.ts";
import { decisionForm } from "../../shared/web/views.ts";

const session = (token: string) => ({
  token,
  actor: { id: "a", role: "approver" as const, unitId: "R1", provinceId: "P1" },
});

describe("web pages", () => {
  it("escape everything that reaches HTML", () => {
    expect(esc(`<script>"x"&'y'</script>`)).toBe(
      "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;",
    );
  });

  it("have every message in Vietnamese and English, with Vietnamese diacritics", () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
    for (const v of Object.values(MESSAGES.en)) expect(v.trim()).not.toBe("");
    expect(MESSAGES.vi.submitDecision).toBe("Gửi quyết định");
  });

  it("speak Vietnamese unless ?lang=en or the p8_lang cookie says English", () => {
    expect(langOf(undefined, undefined).lang).toBe("vi");
    const asked = langOf({ lang: "en" }, []);
    expect(asked).toMatchObject({ lang: "en" });
    expect(asked.setCookie).toContain("p8_lang=en");
    expect(langOf({}, ["p8_lang=en"]).lang).toBe("en");
    expect(langOf({ lang: "xx" }, []).lang).toBe("vi");
  });

  it("bind the CSRF token to the session and to the form's target", () => {
    const s = session("token-1");
    const tok = csrfToken(s, "/l/abc");
    expect(csrfValid(s, "/l/abc", tok)).toBe(true);
    expect(csrfValid(s, "/l/other", tok)).toBe(false);
    expect(csrfValid(session("token-2"), "/l/abc", tok)).toBe(false);
    expect(csrfValid(s, "/l/abc", undefined)).toBe(false);
  });

  it("label every form control and use POST for decisions", () => {
    const html = decisionForm("vi", "/l/abc", "tok");
    expect(html).toContain('method="post"');
    expect(html).toContain('<label for="comment">');
    expect((html.match(/<label><input type="radio"/g) ?? []).length).toBe(3);
    expect(html).toContain("<legend>");
  });

  it("render a small, self-contained page with a viewport and a language switch", () => {
    const html = layout({ lang: "vi", title: "T", body: "<p>x</p>", path: "/app/tasks?view=mine" });
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain("/app/tasks?view=mine&amp;lang=en");
    // One inline script (drafts kept on the device), allowed by its hash; nothing loaded.
    expect(html).not.toMatch(/<script [^>]*src|<link |src="http/);
    expect(html.match(/<script>/g) ?? []).toHaveLength(1);
    const csp = PAGE_HEADERS["content-security-policy"];
    expect(csp).toContain(`script-src ${DRAFT_SCRIPT_CSP} `);
    // The hash written in draft-script.ts is the hash of the script the page carries.
    const inline = html.match(/<script>([\s\S]*?)<\/script>/)?.[1] ?? "";
    const sha = createHash("sha256").update(inline).digest("base64");
    expect(DRAFT_SCRIPT_CSP).toBe(`'sha256-${sha}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(Buffer.byteLength(html)).toBeLessThan(10_000);
  });

  it("read url-encoded forms (also base64) and build the sign-in address", () => {
    expect(
      formOf({ body: "decision=approve&comment=%C4%90%E1%BB%A7", isBase64Encoded: false }),
    ).toEqual({ decision: "approve", comment: "Đủ" });
    expect(formOf({ body: Buffer.from("a=1").toString("base64"), isBase64Encoded: true })).toEqual({
      a: "1",
    });
    expect(signInUrl("/l/x")).toBe("/_local/login?next=%2Fl%2Fx");
  });
});
