/**
 * A QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1 to 10
 * (up to 213 bytes: a VietQR payload is 100-200). Written here because no QR encoder is among the
 * project's packages; it follows the standard's steps: data bits, Reed-Solomon blocks,
 * interleaving, function patterns, zigzag placement, the mask with the lowest penalty, format
 * and version information. Returns the modules, true = dark.
 */

/** Level M: [EC codewords per block, blocks of group 1, data codewords, blocks of group 2, data]. */
const BLOCKS_M: readonly (readonly [number, number, number, number, number])[] = [
  [10, 1, 16, 0, 0],
  [16, 1, 28, 0, 0],
  [26, 1, 44, 0, 0],
  [18, 2, 32, 0, 0],
  [24, 2, 43, 0, 0],
  [16, 4, 27, 0, 0],
  [18, 4, 31, 0, 0],
  [22, 2, 38, 2, 39],
  [22, 3, 36, 2, 37],
  [26, 4, 43, 1, 44],
];
const ALIGN: readonly (readonly number[])[] = [
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];

// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255] ?? 0;
const mul = (a: number, b: number) =>
  a === 0 || b === 0 ? 0 : (EXP[(LOG[a] ?? 0) + (LOG[b] ?? 0)] ?? 0);

/** Reed-Solomon remainder of `data` for a generator of `degree` (the EC codewords). */
export function reedSolomon(data: readonly number[], degree: number): number[] {
  let gen = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(gen.length + 1).fill(0);
    gen.forEach((g, j) => {
      next[j] = (next[j] ?? 0) ^ g;
      next[j + 1] = (next[j + 1] ?? 0) ^ mul(g, EXP[i] ?? 0);
    });
    gen = next;
  }
  const rem = new Array<number>(degree).fill(0);
  for (const d of data) {
    const factor = d ^ (rem.shift() ?? 0);
    rem.push(0);
    for (let j = 0; j < degree; j++) rem[j] = (rem[j] ?? 0) ^ mul(gen[j + 1] ?? 0, factor);
  }
  return rem;
}

function bch(value: number, poly: number, bits: number): number {
  let v = value << bits;
  const top = 31 - Math.clz32(poly);
  while (31 - Math.clz32(v) >= top) v ^= poly << (31 - Math.clz32(v) - top);
  return (value << bits) | v;
}

export interface QrCode {
  version: number;
  size: number;
  mask: number;
  modules: boolean[][];
}

function codewords(bytes: Uint8Array, version: number): number[] {
  const [ec, b1, d1, b2, d2] = BLOCKS_M[version - 1] ?? [0, 0, 0, 0, 0];
  const capacity = b1 * d1 + b2 * d2;
  const bits: number[] = [];
  const put = (v: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  while (bits.length % 8) bits.push(0);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  }
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);
  const blocks: number[][] = [];
  let at = 0;
  for (let i = 0; i < b1 + b2; i++) {
    const n = i < b1 ? d1 : d2;
    blocks.push(data.slice(at, at + n));
    at += n;
  }
  const ecs = blocks.map((b) => reedSolomon(b, ec));
  const out: number[] = [];
  for (let i = 0; i < Math.max(d1, d2); i++)
    for (const b of blocks) if (i < b.length) out.push(b[i] ?? 0);
  for (let i = 0; i < ec; i++) for (const e of ecs) out.push(e[i] ?? 0);
  return out;
}

const MASKS: readonly ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

function build(version: number, words: readonly number[], mask: number): boolean[][] {
  const size = version * 4 + 17;
  const m = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const fn = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set = (r: number, c: number, dark: boolean) => {
    const row = m[r];
    const frow = fn[r];
    if (!row || !frow || c < 0 || c >= size) return;
    row[c] = dark;
    frow[c] = true;
  };
  const finder = (r0: number, c0: number) => {
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        if (r0 + r < 0 || r0 + r >= size || c0 + c < 0 || c0 + c >= size) continue;
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        set(r0 + r, c0 + c, ring !== 2 && ring !== 4);
      }
  };
  finder(0, 0);
  finder(0, size - 7);
  finder(size - 7, 0);
  for (let i = 8; i < size - 8; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  const align = ALIGN[version - 1] ?? [];
  for (const r of align)
    for (const c of align) {
      if ((r === 6 && c === 6) || (r === 6 && c === size - 7) || (r === size - 7 && c === 6))
        continue;
      for (let dr = -2; dr <= 2; dr++)
        for (let dc = -2; dc <= 2; dc++)
          set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  // Format information (level M = 00), both copies; the dark module.
  const format = bch(mask, 0x537, 10) ^ 0x5412;
  const fbit = (i: number) => ((format >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) set(i, 8, fbit(i));
  set(7, 8, fbit(6));
  set(8, 8, fbit(7));
  set(8, 7, fbit(8));
  for (let i = 9; i < 15; i++) set(8, 14 - i, fbit(i));
  for (let i = 0; i < 8; i++) set(8, size - 1 - i, fbit(i));
  for (let i = 8; i < 15; i++) set(size - 15 + i, 8, fbit(i));
  set(size - 8, 8, true);
  if (version >= 7) {
    const v = bch(version, 0x1f25, 12);
    for (let i = 0; i < 18; i++) {
      const dark = ((v >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      set(a, b, dark);
      set(b, a, dark);
    }
  }
  // Data in a zigzag of column pairs from the bottom right, skipping the timing column.
  let bit = 0;
  const total = words.length * 8;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let v = 0; v < size; v++) {
      for (let j = 0; j < 2; j++) {
        const c = right - j;
        const upward = ((right + 1) & 2) === 0;
        const r = upward ? size - 1 - v : v;
        if (fn[r]?.[c]) continue;
        let dark = false;
        if (bit < total) dark = (((words[bit >>> 3] ?? 0) >>> (7 - (bit & 7))) & 1) === 1;
        bit++;
        const row = m[r];
        if (row) row[c] = dark !== (MASKS[mask]?.(r, c) ?? false);
      }
    }
  }
  return m;
}

/** The finder-like pattern dark-light-dark-dark-dark-light-dark (1:1:3:1:1). */
const FINDER = [1, 0, 1, 1, 1, 0, 1] as const;

/**
 * Whether the line of `g` at `base` (modules base + i * step, i < size) has the finder-like
 * pattern at i = c with four light modules before it or after it.
 */
function finderAt(g: Uint8Array, base: number, step: number, c: number, size: number): boolean {
  for (let k = 0; k < 7; k++) if (g[base + (c + k) * step] !== FINDER[k]) return false;
  if (c >= 4) {
    let light = true;
    for (let k = 1; k <= 4 && light; k++) if (g[base + (c - k) * step]) light = false;
    if (light) return true;
  }
  if (c + 10 >= size) return false;
  for (let k = 7; k <= 10; k++) if (g[base + (c + k) * step]) return false;
  return true;
}

/**
 * The standard's penalty of a masked symbol (lower is easier to read): runs of five or more
 * modules of one colour in a row or column, 2x2 blocks of one colour, finder-like patterns with
 * four light modules beside them, and the dark share's distance from half. On a flat array with
 * plain loops: it runs for each of the 8 masks of every code.
 */
function penalty(m: boolean[][]): number {
  const size = m.length;
  const g = new Uint8Array(size * size);
  let dark = 0;
  m.forEach((row, r) => {
    row.forEach((d, c) => {
      if (d) {
        g[r * size + c] = 1;
        dark++;
      }
    });
  });
  let p = 0;
  for (let r = 0; r < size; r++)
    for (const [base, step] of [
      [r * size, 1],
      [r, size],
    ] as const) {
      let run = 1;
      for (let i = 1; i < size; i++) {
        if (g[base + i * step] === g[base + (i - 1) * step]) run++;
        else {
          if (run >= 5) p += run - 2;
          run = 1;
        }
      }
      if (run >= 5) p += run - 2;
    }
  for (let r = 0; r < size - 1; r++)
    for (let c = 0; c < size - 1; c++) {
      const v = g[r * size + c];
      if (
        v === g[(r + 1) * size + c] &&
        v === g[r * size + c + 1] &&
        v === g[(r + 1) * size + c + 1]
      )
        p += 3;
    }
  for (let r = 0; r < size; r++)
    for (let c = 0; c + 6 < size; c++) {
      if (finderAt(g, r * size, 1, c, size)) p += 40;
      if (finderAt(g, r, size, c, size)) p += 40;
    }
  p += Math.floor(Math.abs((dark * 20) / (size * size) - 10)) * 10;
  return p;
}

/** Encodes UTF-8 text. Throws RangeError above 213 bytes. */
export function encodeQr(text: string): QrCode {
  const bytes = new TextEncoder().encode(text);
  const version =
    BLOCKS_M.findIndex(([, b1, d1, b2, d2], i) => {
      const header = 4 + (i + 1 < 10 ? 8 : 16);
      return header + bytes.length * 8 <= (b1 * d1 + b2 * d2) * 8;
    }) + 1;
  if (version === 0) throw new RangeError(`QR payload of ${bytes.length} bytes is too long`);
  const words = codewords(bytes, version);
  let best: QrCode | undefined;
  let bestPenalty = Number.POSITIVE_INFINITY;
  for (let mask = 0; mask < 8; mask++) {
    const modules = build(version, words, mask);
    const score = penalty(modules);
    if (score < bestPenalty) {
      bestPenalty = score;
      best = { version, size: modules.length, mask, modules };
    }
  }
  if (!best) throw new Error("no mask");
  return best;
}

/** The code as SVG (a 4-module quiet zone), for web pages. */
export function qrSvg(code: QrCode, px = 4): string {
  const q = 4;
  const n = code.size + 2 * q;
  let path = "";
  code.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${c + q} ${r + q}h1v1h-1z`;
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${n * px}" height="${n * px}" shape-rendering="crispEdges" role="img"><rect width="${n}" height="${n}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
