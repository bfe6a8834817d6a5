/**
 * The Condition element, following "IAM JSON policy elements: Condition operators" and
 * "Conditions with multiple context keys or values":
 * - several operators in a block, and several keys under one operator: all must hold (AND);
 * - several values for one key: any may match (OR), or none may for a negated operator (NOR);
 * - a key missing from the request makes a condition false, except that negated operators
 *   (`…Not…`) are then true, `…IfExists` is true and `Null` tests presence itself;
 * - `ForAllValues:` holds when every request value matches (and when there is none),
 *   `ForAnyValue:` when at least one does.
 */
import { type ContextValue, PolicyError, type RequestContext } from "./policy.ts";
import { matchArnCondition, matchString } from "./wildcard.ts";

type Test = (requestValue: string, policyValue: string) => boolean;

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
const date = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const cmp = (parse: (s: string) => number, test: (a: number, b: number) => boolean): Test => {
  return (r, p) => {
    const a = parse(r);
    const b = parse(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && test(a, b);
  };
};

/** Positive operators; each negated one is listed in NEGATED with the positive it inverts. */
const POSITIVE: Record<string, Test> = {
  StringEquals: (r, p) => r === p,
  StringEqualsIgnoreCase: (r, p) => r.toLowerCase() === p.toLowerCase(),
  StringLike: (r, p) => matchString(p, r),
  NumericEquals: cmp(num, (a, b) => a === b),
  NumericLessThan: cmp(num, (a, b) => a < b),
  NumericLessThanEquals: cmp(num, (a, b) => a <= b),
  NumericGreaterThan: cmp(num, (a, b) => a > b),
  NumericGreaterThanEquals: cmp(num, (a, b) => a >= b),
  DateEquals: cmp(date, (a, b) => a === b),
  DateLessThan: cmp(date, (a, b) => a < b),
  DateLessThanEquals: cmp(date, (a, b) => a <= b),
  DateGreaterThan: cmp(date, (a, b) => a > b),
  DateGreaterThanEquals: cmp(date, (a, b) => a >= b),
  Bool: (r, p) => r.toLowerCase() === p.toLowerCase(),
  BinaryEquals: (r, p) => r === p,
  ArnEquals: (r, p) => matchArnCondition(p, r),
  ArnLike: (r, p) => matchArnCondition(p, r),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: "StringEquals",
  StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase",
  StringNotLike: "StringLike",
  NumericNotEquals: "NumericEquals",
  DateNotEquals: "DateEquals",
  ArnNotEquals: "ArnEquals",
  ArnNotLike: "ArnLike",
};

interface Operator {
  set?: "ForAllValues" | "ForAnyValue";
  ifExists: boolean;
  /** "Null", or a positive operator name. */
  base: string;
  negated: boolean;
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; throws on an operator AWS has not. */
export function parseOperator(operator: string): Operator {
  let rest = operator;
  let set: Operator["set"];
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const qualifier = rest.slice(0, colon);
    if (qualifier !== "ForAllValues" && qualifier !== "ForAnyValue") {
      throw new PolicyError(`condition operator ${operator}: unknown set operator ${qualifier}`);
    }
    set = qualifier;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith("IfExists");
  if (ifExists) rest = rest.slice(0, -"IfExists".length);
  if (rest === "Null") {
    if (set || ifExists) throw new PolicyError(`condition operator ${operator} is not valid`);
    return { ifExists: false, base: "Null", negated: false };
  }
  const positive = NEGATED[rest];
  if (positive) return { ...(set ? { set } : {}), ifExists, base: positive, negated: true };
  if (POSITIVE[rest]) return { ...(set ? { set } : {}), ifExists, base: rest, negated: false };
  throw new PolicyError(`condition operator ${operator} is not supported by the local evaluator`);
}

const valuesOf = (v: ContextValue | undefined): readonly string[] | undefined =>
  v === undefined ? undefined : typeof v === "string" ? [v] : v;

/** Looks a key up case-insensitively, as condition key names are. */
function lookup(context: RequestContext, key: string): ContextValue | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** One request value against the policy values of one key (OR, or NOR when negated). */
function single(op: Operator, value: string, policyValues: readonly string[]): boolean {
  const test = POSITIVE[op.base];
  if (!test) return false;
  const any = policyValues.some((p) => test(value, p));
  return op.negated ? !any : any;
}

function keyHolds(
  op: Operator,
  requested: readonly string[] | undefined,
  policy: readonly string[],
) {
  if (op.base === "Null") {
    const absent = requested === undefined || requested.length === 0;
    return policy.some((p) => (p.toLowerCase() === "true" ? absent : !absent));
  }
  if (op.set === "ForAllValues") {
    return (requested ?? []).every((v) => single(op, v, policy));
  }
  if (op.set === "ForAnyValue") {
    return (requested ?? []).some((v) => single(op, v, policy));
  }
  if (requested === undefined || requested.length === 0) return op.ifExists || op.negated;
  // A single-valued operator over a multivalued key: true when any request value satisfies it.
  return requested.some((v) => single(op, v, policy));
}

/** True when every operator and every key of the block holds for the request. */
export function conditionHolds(
  condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
  context: RequestContext,
  substitute: (value: string) => string | undefined = (v) => v,
): boolean {
  for (const [operator, block] of Object.entries(condition)) {
    const op = parseOperator(operator);
    for (const [key, rawValues] of Object.entries(block)) {
      // A policy variable that does not resolve makes its value match nothing.
      const policyValues = rawValues.flatMap((v) => {
        const s = substitute(v);
        return s === undefined ? [] : [s];
      });
      if (!keyHolds(op, valuesOf(lookup(context, key)), policyValues)) return false;
    }
  }
  return true;
}
