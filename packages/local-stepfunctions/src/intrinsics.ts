import { createHash, randomUUID } from "node:crypto";
import { type CompiledPath, compilePath, evalPath } from "./jsonpath.ts";
import { isObject, type Json, StatesError } from "./types.ts";

/**
 * Intrinsic functions of the JSONPath query language (`"key.$": "States.Format('{}', $.x)"`).
 * Parsed once at load time; evaluation failures raise States.IntrinsicFailure.
 */
type Arg =
  | { k: "lit"; v: Json; raw?: string }
  | { k: "path"; p: CompiledPath }
  | { k: "call"; c: IntrinsicCall };

export interface IntrinsicCall {
  readonly fn: string;
  readonly args: Arg[];
}

const FUNCTIONS = new Set([
  "States.Format",
  "States.StringToJson",
  "States.JsonToString",
  "States.Array",
  "States.ArrayPartition",
  "States.ArrayContains",
  "States.ArrayRange",
  "States.ArrayGetItem",
  "States.ArrayLength",
  "States.ArrayUnique",
  "States.Base64Encode",
  "States.Base64Decode",
  "States.Hash",
  "States.JsonMerge",
  "States.MathRandom",
  "States.MathAdd",
  "States.StringSplit",
  "States.UUID",
]);

export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\(/.test(text.trim());
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}
  fail(msg: string): never {
    throw new Error(`invalid intrinsic function '${this.s}': ${msg} at position ${this.i}`);
  }
  ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }
  call(): IntrinsicCall {
    this.ws();
    const m = /^States\.[A-Za-z0-9]+/.exec(this.s.slice(this.i));
    if (!m) this.fail("expected a States.* function");
    const fn = m[0];
    if (!FUNCTIONS.has(fn)) this.fail(`unknown function ${fn}`);
    this.i += fn.length;
    if (this.s[this.i] !== "(") this.fail("expected '('");
    this.i++;
    const args: Arg[] = [];
    this.ws();
    if (this.s[this.i] === ")") {
      this.i++;
      return { fn, args };
    }
    for (;;) {
      args.push(this.arg());
      this.ws();
      const c = this.s[this.i];
      if (c === ",") {
        this.i++;
        continue;
      }
      if (c === ")") {
        this.i++;
        return { fn, args };
      }
      this.fail("expected ',' or ')'");
    }
  }
  arg(): Arg {
    this.ws();
    const c = this.s[this.i];
    if (c === "'") return this.str();
    if (c === "$") return this.path();
    if (this.s.startsWith("States.", this.i)) return { k: "call", c: this.call() };
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.s.slice(this.i));
    if (!m) this.fail("unexpected argument");
    this.i += m[0].length;
    return { k: "lit", v: JSON.parse(m[0]) as Json };
  }
  str(): Arg {
    this.i++; // opening quote
    let v = "";
    let raw = "";
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail("unterminated string");
      if (c === "\\") {
        const n = this.s[this.i + 1];
        if (n === undefined || !"'{}\\".includes(n)) this.fail("open escape backslash");
        v += n;
        raw += n === "{" || n === "}" ? `\\${n}` : n;
        this.i += 2;
        continue;
      }
      if (c === "'") {
        this.i++;
        return { k: "lit", v, raw };
      }
      v += c;
      raw += c;
      this.i++;
    }
  }
  path(): Arg {
    const start = this.i;
    let depth = 0;
    let quote: string | undefined;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || (c === ")" && depth > 0)) depth--;
      else if ((c === "," || c === ")") && depth === 0) break;
      this.i++;
    }
    const text = this.s.slice(start, this.i).trim();
    try {
      return { k: "path", p: compilePath(text) };
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }
}

export function parseIntrinsic(text: string): IntrinsicCall {
  const p = new Parser(text.trim());
  const call = p.call();
  p.ws();
  if (p.i !== p.s.length) p.fail("trailing characters");
  return call;
}

const fail = (fn: string, msg: string): never => {
  throw new StatesError("States.IntrinsicFailure", `Invalid arguments in ${fn}: ${msg}`);
};

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i] as Json))
    );
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k] as Json, b[k] as Json));
  }
  return false;
}

/** Seeded PRNG so that States.MathRandom with a seed is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HASHES: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

export function evalIntrinsic(call: IntrinsicCall, data: Json, context: Json): Json {
  const { fn } = call;
  const vals: Json[] = call.args.map((a) => {
    if (a.k === "lit") return a.v;
    if (a.k === "call") return evalIntrinsic(a.c, data, context);
    const v = evalPath(a.p, data, context);
    if (v === undefined) {
      throw new StatesError(
        "States.IntrinsicFailure",
        `The JSONPath '${a.p.text}' in ${fn} could not be found`,
      );
    }
    return v;
  });
  const n = vals.length;
  const [a0, a1, a2] = vals;
  switch (fn) {
    case "States.Format": {
      const first = call.args[0];
      if (typeof a0 !== "string") return fail(fn, "the first argument must be a string");
      // Escaped braces in a literal template are not placeholders.
      const template = first?.k === "lit" && first.raw !== undefined ? first.raw : a0;
      const parts = template.split(/(?<!\\)\{\}/);
      if (parts.length - 1 !== n - 1)
        return fail(fn, `expected ${parts.length - 1} values, got ${n - 1}`);
      let out = parts[0] ?? "";
      for (let i = 1; i < parts.length; i++) {
        const v = vals[i];
        if (isObject(v) || Array.isArray(v))
          return fail(fn, "values must be strings, numbers, booleans or null");
        out += String(v) + parts[i];
      }
      return out.replace(/\\([{}])/g, "$1");
    }
    case "States.StringToJson":
      if (n !== 1 || typeof a0 !== "string") return fail(fn, "expected one string");
      try {
        return JSON.parse(a0) as Json;
      } catch {
        return fail(fn, "the string is not valid JSON");
      }
    case "States.JsonToString":
      if (n !== 1) return fail(fn, "expected one argument");
      return JSON.stringify(a0);
    case "States.Array":
      return vals;
    case "States.ArrayPartition": {
      if (n !== 2 || !Array.isArray(a0) || !isInt(a1) || a1 <= 0) {
        return fail(fn, "expected an array and a positive integer chunk size");
      }
      const out: Json[] = [];
      for (let i = 0; i < a0.length; i += a1) out.push(a0.slice(i, i + a1));
      return out;
    }
    case "States.ArrayContains":
      if (n !== 2 || !Array.isArray(a0)) return fail(fn, "expected an array and a value");
      return a0.some((x) => deepEqual(x, a1 as Json));
    case "States.ArrayRange": {
      if (n !== 3 || !isInt(a0) || !isInt(a1) || !isInt(a2) || a2 === 0) {
        return fail(fn, "expected integer start, end and non-zero step");
      }
      const out: number[] = [];
      for (let v = a0; a2 > 0 ? v <= a1 : v >= a1; v += a2) {
        out.push(v);
        if (out.length > 1000) return fail(fn, "the range has more than 1000 items");
      }
      return out;
    }
    case "States.ArrayGetItem":
      if (n !== 2 || !Array.isArray(a0) || !isInt(a1) || a1 < 0)
        return fail(fn, "expected an array and an index");
      if (a1 >= a0.length) return fail(fn, `index ${a1} is out of bounds`);
      return a0[a1] as Json;
    case "States.ArrayLength":
      if (n !== 1 || !Array.isArray(a0)) return fail(fn, "expected an array");
      return a0.length;
    case "States.ArrayUnique": {
      if (n !== 1 || !Array.isArray(a0)) return fail(fn, "expected an array");
      const out: Json[] = [];
      for (const x of a0) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }
    case "States.Base64Encode":
      if (n !== 1 || typeof a0 !== "string" || a0.length > 10000)
        return fail(fn, "expected a string (<= 10000 chars)");
      return Buffer.from(a0, "utf8").toString("base64");
    case "States.Base64Decode":
      if (n !== 1 || typeof a0 !== "string" || a0.length > 10000)
        return fail(fn, "expected a string (<= 10000 chars)");
      return Buffer.from(a0, "base64").toString("utf8");
    case "States.Hash": {
      const algo = typeof a1 === "string" ? HASHES[a1] : undefined;
      if (n !== 2 || a0 === null || !algo)
        return fail(fn, "expected data and one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
      const text = typeof a0 === "string" ? a0 : JSON.stringify(a0);
      return createHash(algo).update(text).digest("hex");
    }
    case "States.JsonMerge":
      if (n !== 3 || !isObject(a0) || !isObject(a1) || typeof a2 !== "boolean") {
        return fail(fn, "expected two objects and a boolean");
      }
      if (a2) return fail(fn, "deep merge is not supported (the third argument must be false)");
      return { ...a0, ...a1 };
    case "States.MathRandom": {
      if ((n !== 2 && n !== 3) || !isInt(a0) || !isInt(a1) || (n === 3 && !isInt(a2))) {
        return fail(fn, "expected integer start, end and optional integer seed");
      }
      const rnd = n === 3 ? mulberry32(a2 as number)() : Math.random();
      return a0 + Math.floor(rnd * (a1 - a0));
    }
    case "States.MathAdd":
      if (n !== 2 || !isInt(a0) || !isInt(a1)) return fail(fn, "expected two integers");
      return a0 + a1;
    case "States.StringSplit": {
      if (n !== 2 || typeof a0 !== "string" || typeof a1 !== "string")
        return fail(fn, "expected two strings");
      // Every character of the second argument is a delimiter (AWS documentation example).
      const out: string[] = [];
      let cur = "";
      for (const ch of a0) {
        if (a1.includes(ch)) {
          if (cur !== "") out.push(cur);
          cur = "";
        } else cur += ch;
      }
      if (cur !== "") out.push(cur);
      return out;
    }
    case "States.UUID":
      if (n !== 0) return fail(fn, "expected no arguments");
      return randomUUID();
    default:
      return fail(fn, "unknown function");
  }
}
