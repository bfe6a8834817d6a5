/**
 * A small PDF writer for the system's documents: A4 pages of text in one embedded font (a
 * DejaVu Sans subset for Vietnamese, shared/documents/font) and filled rectangles (QR codes,
 * rules). Deterministic: the same content gives the same bytes (no clock, no random id), so a
 * document can be served again by regenerating it and checked against the hash in the audit
 * history. Text is written as glyph ids with a ToUnicode map, so it can be read back
 * (pdftotext, search, screen readers). pdfkit would do more, but its 430 kB of JavaScript does
 * not fit a 500 kB Lambda bundle beside the AWS SDK.
 */

import { deflateSync } from "node:zlib";
import { createHash } from "../../kernel/node-crypto.ts";
import { dejavuSansViGlyphs, DEJAVU_SANS_VI as FONT } from "../font/dejavu-sans-vi.ts";

/** A4 in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;

const FALLBACK: readonly [number, number] = [0, 500];

/** The glyph id and advance of a character; "?" for one the font does not have. */
function glyphOf(ch: string): readonly [number, number] {
  const glyphs = dejavuSansViGlyphs();
  return glyphs[ch] ?? glyphs["?"] ?? FALLBACK;
}

/** Width of a text in points at a size (NFC: Vietnamese letters are single glyphs). */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text.normalize("NFC")) w += glyphOf(ch)[1];
  return (w * size) / 1000;
}

/** Splits a text into lines no wider than `width` at spaces (a long word stays whole). */
export function wrap(text: string, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.normalize("NFC").split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, size) > width) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

export class PdfDocument {
  private readonly pages: string[][] = [];
  private readonly used = new Map<number, string>();

  constructor(private readonly info: { title: string; createdAt: string; subject?: string }) {
    this.addPage();
  }

  addPage(): this {
    this.pages.push([]);
    return this;
  }

  private get ops(): string[] {
    const page = this.pages.at(-1);
    if (!page) throw new Error("no page");
    return page;
  }

  /** Text with its baseline at (x, y) from the bottom-left corner. */
  text(x: number, y: number, size: number, text: string, bold = false): this {
    let hex = "";
    for (const ch of text.normalize("NFC")) {
      const [gid] = glyphOf(ch);
      if (!this.used.has(gid)) this.used.set(gid, dejavuSansViGlyphs()[ch] ? ch : "?");
      hex += gid.toString(16).padStart(4, "0");
    }
    // A fake bold: fill and stroke the glyphs (one font keeps the bundle small).
    const mode = bold ? `2 Tr ${num(size / 30)} w ` : "0 Tr ";
    this.ops.push(`BT ${mode}/F1 ${num(size)} Tf ${num(x)} ${num(y)} Td <${hex}> Tj ET`);
    return this;
  }

  rect(x: number, y: number, w: number, h: number): this {
    this.ops.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re f`);
    return this;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5): this {
    this.ops.push(`${num(width)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
    return this;
  }

  /** The PDF file. */
  bytes(): Uint8Array {
    const objects: (string | Buffer)[] = [];
    const add = (o: string | Buffer) => objects.push(o) as number;
    const stream = (dict: string, data: Buffer) => {
      const z = deflateSync(data);
      return Buffer.concat([
        Buffer.from(`<< ${dict} /Filter /FlateDecode /Length ${z.length} >>\nstream\n`, "latin1"),
        z,
        Buffer.from("\nendstream", "latin1"),
      ]);
    };
    const catalog = add("");
    const pagesObj = add("");
    const fontFileData = Buffer.from(FONT.base64, "base64");
    const fontFile = add(
      (() => {
        const z = deflateSync(fontFileData);
        return Buffer.concat([
          Buffer.from(
            `<< /Length1 ${fontFileData.length} /Filter /FlateDecode /Length ${z.length} >>\nstream\n`,
            "latin1",
          ),
          z,
          Buffer.from("\nendstream", "latin1"),
        ]);
      })(),
    );
    const descriptor = add(
      `<< /Type /FontDescriptor /FontName /${FONT.name} /Flags 32 /FontBBox [${FONT.bbox.join(" ")}] /ItalicAngle 0 /Ascent ${FONT.ascent} /Descent ${FONT.descent} /CapHeight ${FONT.capHeight} /StemV 80 /FontFile2 ${fontFile} 0 R >>`,
    );
    const gids = [...this.used.keys()].sort((a, b) => a - b);
    const widths = gids.map((g) => `${g} [${glyphOf(this.used.get(g) ?? "?")[1]}]`).join(" ");
    const cidFont = add(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${FONT.name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 500 /W [${widths}] /CIDToGIDMap /Identity >>`,
    );
    const utf16 = (ch: string) =>
      [...Buffer.from(ch, "utf16le").swap16()].map((b) => b.toString(16).padStart(2, "0")).join("");
    const blocks: string[] = [];
    for (let i = 0; i < gids.length; i += 100) {
      const chunk = gids.slice(i, i + 100);
      blocks.push(
        `${chunk.length} beginbfchar\n${chunk.map((g) => `<${g.toString(16).padStart(4, "0")}> <${utf16(this.used.get(g) ?? "?")}>`).join("\n")}\nendbfchar`,
      );
    }
    const cmap = `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n${blocks.join("\n")}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
    const toUnicode = add(stream("", Buffer.from(cmap, "latin1")));
    const font = add(
      `<< /Type /Font /Subtype /Type0 /BaseFont /${FONT.name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
    );
    const pageRefs: number[] = [];
    for (const ops of this.pages) {
      const content = add(stream("", Buffer.from(ops.join("\n"), "latin1")));
      pageRefs.push(
        add(
          `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
        ),
      );
    }
    objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
    objects[pagesObj - 1] =
      `<< /Type /Pages /Kids [${pageRefs.map((r) => `${r} 0 R`).join(" ")}] /Count ${pageRefs.length} >>`;
    const d = this.info.createdAt.replace(/[-:T]/g, "").slice(0, 14);
    const pdfText = (s: string) => `<feff${utf16(s.normalize("NFC"))}>`;
    const info = add(
      `<< /Title ${pdfText(this.info.title)} ${this.info.subject ? `/Subject ${pdfText(this.info.subject)} ` : ""}/Producer (Project 8 documents) /CreationDate (D:${d}Z) >>`,
    );

    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
    const offsets: number[] = [];
    let length = parts[0]?.length ?? 0;
    objects.forEach((o, i) => {
      offsets.push(length);
      const body = typeof o === "string" ? Buffer.from(o, "latin1") : o;
      const chunk = Buffer.concat([
        Buffer.from(`${i + 1} 0 obj\n`, "latin1"),
        body,
        Buffer.from("\nendobj\n", "latin1"),
      ]);
      parts.push(chunk);
      length += chunk.length;
    });
    // A deterministic file identifier: the hash of everything before the cross-reference table.
    const id = createHash("md5").update(Buffer.concat(parts)).digest("hex");
    const xref = [
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
      ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
      `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${length}\n%%EOF\n`,
    ].join("");
    parts.push(Buffer.from(xref, "latin1"));
    return new Uint8Array(Buffer.concat(parts));
  }
}
