import { type CompiledPath, compileReferencePath, evalPath } from "./jsonpath.ts";
import type { CtxSource } from "./payload.ts";
import { isObject, type Json, StatesError } from "./types.ts";

/** Choice rules compiled at load time. A comparison of mismatched types is false, not an error. */
export type Rule =
  | { k: "and"; rules: Rule[] }
  | { k: "or"; rules: Rule[] }
  | { k: "not"; rule: Rule }
  | { k: "test"; variable: CompiledPath; op: string; value: Json; valuePath?: CompiledPath };

const STRING_OPS = [
  "StringEquals",
  "StringLessThan",
  "StringGreaterThan",
  "StringLessThanEquals",
  "StringGreaterThanEquals",
];
const NUMERIC_OPS = [
  "NumericEquals",
  "NumericLessThan",
  "NumericGreaterThan",
  "NumericLessThanEquals",
  "NumericGreaterThanEquals",
];
const TS_OPS = [
  "TimestampEquals",
  "TimestampLessThan",
  "TimestampGreaterThan",
  "TimestampLessThanEquals",
  "TimestampGreaterThanEquals",
];
const TYPE_OPS = ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"];
const VALUE_OPS = new Set([
  ...STRING_OPS,
  ...NUMERIC_OPS,
  ...TS_OPS,
  "BooleanEquals",
  "StringMatches",
  ...TYPE_OPS,
]);
const PATH_OPS = new Set(
  [...STRING_OPS, ...NUMERIC_OPS, ...TS_OPS, "BooleanEquals"].map((o) => `${o}Path`),
);

/** Compiles a rule; `top` rules carry `Next`, nested ones must not. Throws with the offending field. */
export function compileRule(raw: unknown, top: boolean): Rule {
  if (!isObject(raw)) throw new Error("a choice rule must be an object");
  const allowed = new Set(["Variable", "And", "Or", "Not", "Comment", ...VALUE_OPS, ...PATH_OPS]);
  if (top) allowed.add("Next");
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw new Error(`unsupported field '${key}' in a choice rule`);
  }
  if (raw.And !== undefined || raw.Or !== undefined) {
    const list = raw.And ?? raw.Or;
    if (!Array.isArray(list) || list.length === 0)
      throw new Error("And/Or must be a non-empty array");
    const rules = list.map((r) => compileRule(r, false));
    return raw.And !== undefined ? { k: "and", rules } : { k: "or", rules };
  }
  if (raw.Not !== undefined) return { k: "not", rule: compileRule(raw.Not, false) };
  if (typeof raw.Variable !== "string")
    throw new Error("a choice rule needs Variable (or And/Or/Not)");
  const ops = Object.keys(raw).filter((k) => VALUE_OPS.has(k) || PATH_OPS.has(k));
  if (ops.length !== 1) throw new Error("a choice rule needs exactly one comparison operator");
  const op = ops[0] as string;
  const value = raw[op] as Json;
  const variable = compileReferencePath(raw.Variable);
  if (PATH_OPS.has(op)) {
    if (typeof value !== "string") throw new Error(`${op} must be a path string`);
    return {
      k: "test",
      variable,
      op: op.slice(0, -4),
      value: null,
      valuePath: compileReferencePath(value),
    };
  }
  if (TYPE_OPS.includes(op) && typeof value !== "boolean")
    throw new Error(`${op} must be true or false`);
  if (STRING_OPS.includes(op) || op === "StringMatches" || TS_OPS.includes(op)) {
    if (typeof value !== "string") throw new Error(`${op} must be a string`);
    if (TS_OPS.includes(op) && parseTimestamp(value) === undefined)
      throw new Error(`${op} must be an ISO-8601 timestamp`);
  }
  if (NUMERIC_OPS.includes(op) && typeof value !== "number")
    throw new Error(`${op} must be a number`);
  if (op === "BooleanEquals" && typeof value !== "boolean")
    throw new Error(`${op} must be a boolean`);
  return { k: "test", variable, op, value };
}

const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 timestamp (with a zone designator, as AWS requires) to epoch ms. */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v !== "string" || !TS_RE.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function wildcardMatch(value: string, pattern: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\" && i + 1 < pattern.length) {
      re += pattern.charAt(++i).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (c === "*") re += ".*";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`, "s").test(value);
}

function compare<T extends string | number>(op: string, a: T, b: T): boolean {
  if (op.endsWith("GreaterThanEquals")) return a >= b;
  if (op.endsWith("LessThanEquals")) return a <= b;
  if (op.endsWith("GreaterThan")) return a > b;
  if (op.endsWith("LessThan")) return a < b;
  return a === b;
}

function missing(path: CompiledPath): never {
  throw new StatesError(
    "States.Runtime",
    `Invalid path '${path.text}': The choice state's condition path references an invalid value.`,
  );
}

export function evalRule(rule: Rule, data: Json, ctx: CtxSource): boolean {
  switch (rule.k) {
    case "and":
      return rule.rules.every((r) => evalRule(r, data, ctx));
    case "or":
      return rule.rules.some((r) => evalRule(r, data, ctx));
    case "not":
      return !evalRule(rule.rule, data, ctx);
    case "test":
      break;
  }
  const { op } = rule;
  const v = evalPath(rule.variable, data, rule.variable.context ? ctx.ctx() : null);
  if (op === "IsPresent") return (v !== undefined) === rule.value;
  if (v === undefined) return missing(rule.variable);
  let expected = rule.value;
  if (rule.valuePath) {
    const other = evalPath(rule.valuePath, data, rule.valuePath.context ? ctx.ctx() : null);
    if (other === undefined) return missing(rule.valuePath);
    expected = other;
  }
  switch (op) {
    case "IsNull":
      return (v === null) === expected;
    case "IsNumeric":
      return (typeof v === "number") === expected;
    case "IsString":
      return (typeof v === "string") === expected;
    case "IsBoolean":
      return (typeof v === "boolean") === expected;
    case "IsTimestamp":
      return (parseTimestamp(v) !== undefined) === expected;
    case "BooleanEquals":
      return typeof v === "boolean" && v === expected;
    case "StringMatches":
      return typeof v === "string" && typeof expected === "string" && wildcardMatch(v, expected);
  }
  if (op.startsWith("String"))
    return typeof v === "string" && typeof expected === "string" && compare(op, v, expected);
  if (op.startsWith("Numeric"))
    return typeof v === "number" && typeof expected === "number" && compare(op, v, expected);
  if (op.startsWith("Timestamp")) {
    const a = parseTimestamp(v);
    const b = parseTimestamp(expected);
    return a !== undefined && b !== undefined && compare(op, a, b);
  }
  return false;
}
