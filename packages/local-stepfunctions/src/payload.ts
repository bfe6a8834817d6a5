import {
  evalIntrinsic,
  type IntrinsicCall,
  looksLikeIntrinsic,
  parseIntrinsic,
} from "./intrinsics.ts";
import {
  type CompiledPath,
  compilePath,
  compileReferencePath,
  evalPath,
  setAtPath,
} from "./jsonpath.ts";
import { isObject, type Json, StatesError } from "./types.ts";

/**
 * Payload templates (Parameters, ItemSelector, ResultSelector) compiled once at load time.
 * Sub-trees without any `.$` key are kept as shared constants; values are never mutated.
 */
/** Builds the Context object (`$$`) only when a path or intrinsic reads it. */
export interface CtxSource {
  ctx(): Json;
}

export type Template =
  | { k: "const"; v: Json }
  | { k: "obj"; entries: Array<[string, Template]> }
  | { k: "arr"; items: Template[] }
  | { k: "path"; p: CompiledPath; key: string }
  | { k: "fn"; c: IntrinsicCall; key: string };

export interface CompiledTemplate {
  readonly root: Template;
  /** Whether any value reads the Context object (`$$`), so it is built only when needed. */
  readonly usesContext: boolean;
}

export function compileTemplate(value: unknown, where: string): CompiledTemplate {
  let usesContext = false;
  const walk = (v: unknown, at: string): Template => {
    if (Array.isArray(v)) {
      const items = v.map((x, i) => walk(x, `${at}[${i}]`));
      return items.every((t) => t.k === "const")
        ? { k: "const", v: v as Json }
        : { k: "arr", items };
    }
    if (isObject(v)) {
      const entries: Array<[string, Template]> = [];
      for (const [key, val] of Object.entries(v)) {
        if (key.endsWith(".$")) {
          const name = key.slice(0, -2);
          if (typeof val !== "string")
            throw new Error(`${at}.${key} must be a string path or intrinsic function`);
          if (looksLikeIntrinsic(val)) {
            if (val.includes("$$")) usesContext = true;
            entries.push([name, { k: "fn", c: parseIntrinsic(val), key }]);
          } else {
            const p = compilePath(val);
            if (p.context) usesContext = true;
            entries.push([name, { k: "path", p, key }]);
          }
        } else {
          entries.push([key, walk(val, `${at}.${key}`)]);
        }
      }
      return entries.every(([k, t]) => t.k === "const" && !k.endsWith(".$"))
        ? { k: "const", v: v as Json }
        : { k: "obj", entries };
    }
    return { k: "const", v: v as Json };
  };
  return { root: walk(value, where), usesContext };
}

function evalNode(t: Template, data: Json, ctx: Json): Json {
  switch (t.k) {
    case "const":
      return t.v;
    case "obj": {
      const out: { [k: string]: Json } = {};
      for (const [key, child] of t.entries) out[key] = evalNode(child, data, ctx);
      return out;
    }
    case "arr": {
      const out: Json[] = new Array(t.items.length);
      for (let i = 0; i < t.items.length; i++) out[i] = evalNode(t.items[i] as Template, data, ctx);
      return out;
    }
    case "path": {
      const v = evalPath(t.p, data, ctx);
      if (v === undefined) {
        throw new StatesError(
          "States.ParameterPathFailure",
          `The JSONPath '${t.p.text}' specified for the field '${t.key}' could not be found in the input '${JSON.stringify(t.p.context ? ctx : data)}'`,
        );
      }
      return v;
    }
    case "fn":
      return evalIntrinsic(t.c, data, ctx);
  }
}

/** Applies a payload template to `data`; `ctx` builds the Context object on demand. */
export function applyTemplate(t: CompiledTemplate, data: Json, ctx: CtxSource): Json {
  return evalNode(t.root, data, t.usesContext ? ctx.ctx() : null);
}

/** InputPath / OutputPath: undefined field = "$", null = {} (the AWS behaviour). */
export type IoPath = CompiledPath | null | undefined;

export function compileIoPath(v: unknown): IoPath {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "string") throw new Error("must be a string or null");
  return v === "$" ? undefined : compilePath(v);
}

export function applyIoPath(p: IoPath, data: Json, ctx: CtxSource, field: string): Json {
  if (p === undefined) return data;
  if (p === null) return {};
  const v = evalPath(p, data, p.context ? ctx.ctx() : null);
  if (v === undefined) {
    throw new StatesError(
      "States.Runtime",
      `Invalid path '${p.text}' : No results for path: ${field} could not be applied to input '${JSON.stringify(data)}'`,
    );
  }
  return v;
}

/** ResultPath: undefined = "$" (replace), null = discard result, else a reference path. */
export type ResultPathSpec = { segs: ReadonlyArray<string | number> } | null | undefined;

export function compileResultPath(v: unknown): ResultPathSpec {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "string") throw new Error("must be a string or null");
  const p = compileReferencePath(v);
  if (p.context) throw new Error("cannot write into the Context object");
  return p.segs && p.segs.length === 0 ? undefined : { segs: p.segs ?? [] };
}

export function applyResultPath(spec: ResultPathSpec, rawInput: Json, result: Json): Json {
  if (spec === undefined) return result;
  if (spec === null) return rawInput;
  const out = setAtPath(rawInput, spec.segs, result);
  if (out === undefined) {
    throw new StatesError(
      "States.ResultPathMatchFailure",
      `Unable to apply ResultPath '$.${spec.segs.join(".")}' to input '${JSON.stringify(rawInput)}'`,
    );
  }
  return out;
}
