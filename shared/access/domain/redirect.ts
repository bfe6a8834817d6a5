/**
 * Where a sign-in may send the visitor afterwards: a path of this site, nothing else. An open
 * redirect would let a crafted link send a signed-in user to any site.
 *
 * Browsers remove tab, line feed and carriage return anywhere in a URL before parsing it
 * (WHATWG URL: "remove all ASCII tab or newline"), and read `\` as `/` in http(s) URLs, so
 * `/\t/evil.example` and `/\evil.example` both become `//evil.example`, a protocol-relative
 * URL of another host. So a safe path starts with exactly one `/` and holds no control
 * character and no backslash at all, wherever they are.
 */
export function isSameSitePath(next: string | null | undefined): next is string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2000) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return false;
  return next.startsWith("/") && !next.startsWith("//");
}
