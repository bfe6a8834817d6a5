/** The generated font module: its glyph table, parsed from JSON at first use, once. */
import { describe, expect, it } from "vitest";
import {
  DEJAVU_SANS_VI,
  dejavuSansViGlyphs,
} from "../../../shared/documents/font/dejavu-sans-vi.ts";

describe("the documents' font", () => {
  it("has a glyph and an advance for ASCII and the Vietnamese letters, each glyph id once", () => {
    const glyphs = dejavuSansViGlyphs();
    for (const ch of "? AZaz09ĐđƠơƯưẠặếỹ“”–—…") {
      const [id, advance] = glyphs[ch] ?? [0, 0];
      expect(id, ch).toBeGreaterThan(0);
      expect(advance, ch).toBeGreaterThan(0);
    }
    const ids = Object.values(glyphs).map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.max(...ids)).toBe(ids.length);
  });

  it("parses the table once", () => {
    expect(dejavuSansViGlyphs()).toBe(dejavuSansViGlyphs());
  });

  it("carries the subset as a TrueType font", () => {
    const bytes = Buffer.from(DEJAVU_SANS_VI.base64, "base64");
    expect(bytes.readUInt32BE(0)).toBe(0x74727565); // "true"
  });
});
