/** The part of fontkit's API that scripts/build-document-font.ts uses (fontkit ships no types). */
declare module "fontkit" {
  export interface Glyph {
    id: number;
    advanceWidth: number;
  }
  export interface Subset {
    includeGlyph(glyph: Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    fullName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    capHeight: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    glyphForCodePoint(codePoint: number): Glyph | undefined;
    createSubset(): Subset;
  }
  export function create(buffer: Uint8Array): Font;
}
