import { JSONPath } from "jsonpath-plus";
import { isObject, type Json } from "./types.ts";

/**
 * A compiled JSONPath. Definite paths ("$.a.b[0]['c d']") are walked directly, which is what
 * almost every definition uses; paths with wildcards, slices, filters, unions or deep scan are
 * delegated to jsonpath-plus and, like Jayway JsonPath on AWS, yield an array of matches.
 */
export interface CompiledPath {
  readonly text: string;
  /** `$$...`: evaluated against the Context object instead of the state's data. */
  readonly context: boolean;
  /** Segments of a definite path; undefined for an indefinite path. */
  readonly segs: ReadonlyArray<string | number> | undefined;
}

const NAME_CHAR = /[^.[\]\s'"*?@,:()]/;

function parseSegments(text: string, start: number): Array<string | number> | undefined {
  const segs: Array<string | number> = [];
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      if (text[i + 1] === ".") return undefined; // deep scan
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text.charAt(j))) j++;
      if (j === i + 1) return undefined; // ".*" or empty name
      segs.push(text.slice(i + 1, j));
      i = j;
    } else if (c === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close).trim();
      const quoted = /^'([^']*)'$/.exec(inner) ?? /^"([^"]*)"$/.exec(inner);
      if (quoted) segs.push(quoted[1] ?? "");
      else if (/^-?\d+$/.test(inner)) segs.push(Number(inner));
      else return undefined; // *, slice, filter, union
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return segs;
}

/** Whether the text is syntactically a JSONPath we accept (starts with `$`). */
function looksLikePath(text: string): boolean {
  return (
    text === "$" ||
    text === "$$" ||
    text.startsWith("$.") ||
    text.startsWith("$[") ||
    text.startsWith("$$.")
  );
}

export function compilePath(text: string): CompiledPath {
  if (!looksLikePath(text)) throw new Error(`'${text}' is not a JSONPath (it must start with '$')`);
  const context = text.startsWith("$$");
  const segs = parseSegments(text, context ? 2 : 1);
  if (!segs) {
    // Fail early on paths jsonpath-plus cannot parse.
    try {
      JSONPath({ path: text.slice(context ? 1 : 0), json: {}, wrap: true });
    } catch (e) {
      throw new Error(`invalid JSONPath '${text}': ${(e as Error).message}`);
    }
  }
  return { text, context, segs };
}

/** A Reference Path: definite, selects a single node (ResultPath, Variable, *Path fields). */
export function compileReferencePath(text: string): CompiledPath {
  const p = compilePath(text);
  if (!p.segs)
    throw new Error(`'${text}' is not a reference path (no wildcards, filters or slices)`);
  return p;
}

function walk(root: Json | undefined, segs: ReadonlyArray<string | number>): Json | undefined {
  let cur: Json | undefined = root;
  for (const s of segs) {
    if (typeof s === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s < 0 ? cur.length + s : s];
    } else {
      if (!isObject(cur) || !Object.hasOwn(cur, s)) return undefined;
      cur = cur[s];
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Evaluates a path; `undefined` means "no such node" (the caller picks the error name). */
export function evalPath(p: CompiledPath, data: Json, context: Json): Json | undefined {
  const root = p.context ? context : data;
  if (p.segs) return walk(root, p.segs);
  const result = JSONPath({
    path: p.text.slice(p.context ? 1 : 0),
    json: root as object,
    wrap: true,
  });
  return (result ?? []) as Json;
}

/**
 * Returns a copy of `target` with `value` placed at the reference path, copying only the objects
 * along the path (never a deep clone). Returns undefined when an intermediate node is not an
 * object (States.ResultPathMatchFailure).
 */
export function setAtPath(
  target: Json,
  segs: ReadonlyArray<string | number>,
  value: Json,
): Json | undefined {
  if (segs.length === 0) return value;
  const [head, ...rest] = segs as Array<string | number>;
  if (head === undefined) return value;
  if (typeof head === "number") {
    if (!Array.isArray(target)) return undefined;
    const idx = head < 0 ? target.length + head : head;
    if (idx < 0 || idx >= target.length) return undefined;
    const child = setAtPath(target[idx] ?? null, rest, value);
    if (child === undefined) return undefined;
    const copy = target.slice();
    copy[idx] = child;
    return copy;
  }
  if (!isObject(target)) return undefined;
  const existing = Object.hasOwn(target, head) ? target[head] : undefined;
  const child =
    existing === undefined ? setAtPath({}, rest, value) : setAtPath(existing, rest, value);
  if (child === undefined) return undefined;
  return { ...target, [head]: child };
}
