import { describe, expect, it } from "vitest";
import { safeNext as localSafeNext } from "../../../local/http/login.ts";
import { isSameSitePath } from "../../../shared/access/domain/redirect.ts";
import { safeNext } from "../../../shared/access/use-cases/web-sign-in.ts";

/** What a browser makes of a Location value (WHATWG URL parsing against this site). */
function browserTarget(location: string): string {
  return new URL(location, "http://127.0.0.1:3000/app/tasks").origin;
}

describe("GIVEN where a sign-in sends the visitor afterwards", () => {
  const offSite = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example",
    // Browsers strip tab, LF and CR anywhere in a URL: each of these becomes //evil.example.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/\t\\evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
  ];

  it("THEN each of these really is off-site in a browser (the cases are not made up)", () => {
    for (const next of offSite.filter((n) => n.startsWith("/") || n.startsWith("\t"))) {
      expect(browserTarget(next), JSON.stringify(next)).not.toBe("http://127.0.0.1:3000");
    }
  });

  it("WHEN next points off the site THEN it is refused, by both sign-ins", () => {
    for (const next of offSite) {
      expect(isSameSitePath(next), JSON.stringify(next)).toBe(false);
      expect(safeNext(next)).toBe("/app");
      expect(localSafeNext(next)).toBe("/");
    }
    expect(isSameSitePath(undefined)).toBe(false);
    expect(isSameSitePath(null)).toBe(false);
    expect(isSameSitePath(`/${"a".repeat(2000)}`)).toBe(false);
  });

  it("WHEN next is a path of this site THEN it is kept", () => {
    for (const next of [
      "/",
      "/app/tasks",
      "/app/tasks/T-1?lang=en",
      "/l/abc#x",
      "/a//b",
      "/%09/x",
    ]) {
      expect(isSameSitePath(next), next).toBe(true);
      expect(browserTarget(next)).toBe("http://127.0.0.1:3000");
      expect(safeNext(next)).toBe(next);
      expect(localSafeNext(next)).toBe(next);
    }
  });
});
