/**
 * Text at the edge. Every string that arrives (path, query, body, form) is checked before any
 * schema or storage sees it: NUL, C0 and C1 control characters other than newline and tab, and
 * unpaired UTF-16 surrogates are refused, naming the field; what passes is NFC-normalized, so
 * "Tày" typed on two keyboards is stored as one string. CRLF and lone CR become LF first
 * (browsers send textareas with CRLF).
 */
import type { FieldError } from "../kernel/errors.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The problem with one string, or undefined when it is acceptable text. */
export function textProblem(s: string): string | undefined {
  const bad = FORBIDDEN.exec(s);
  if (bad) return `contains a control character (${describe(bad[0])})`;
  if (LONE_SURROGATE.test(s)) return "contains an unpaired surrogate (not valid Unicode text)";
  return undefined;
}

/** Normalizes one acceptable string: line ends to LF, then NFC. */
export function normalizeText(s: string): string {
  return s.replace(/\r\n?/g, "\n").normalize("NFC");
}

/**
 * Walks a parsed JSON value (or a record of strings): returns the same shape with every string
 * normalized, and the field errors of every string that is not acceptable text.
 */
export function sanitizeValue(
  value: unknown,
  path = "",
  errors: FieldError[] = [],
): { value: unknown; errors: FieldError[] } {
  const field = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === "string") {
    const s = normalizeText(value);
    const problem = textProblem(s);
    if (problem) errors.push({ field: path || "(root)", message: problem });
    return { value: s, errors };
  }
  if (Array.isArray(value)) {
    return { value: value.map((v, i) => sanitizeValue(v, field(String(i)), errors).value), errors };
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = textProblem(k);
      if (keyProblem) {
        errors.push({ field: field(k), message: `field name ${keyProblem}` });
        continue;
      }
      out[normalizeText(k)] = sanitizeValue(v, field(k), errors).value;
    }
    return { value: out, errors };
  }
  return { value, errors };
}
