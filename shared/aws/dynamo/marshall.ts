/**
 * JavaScript values to DynamoDB's attribute values and back, as the functions' Document client
 * did it (@aws-sdk/util-dynamodb under lib-dynamodb, with `removeUndefinedValues: true`,
 * `convertClassInstanceToMap: false`, numbers read back as JS numbers), written out here so
 * that a bundle need not carry the SDK for it. The same values are accepted and refused with
 * the same messages: undefined members are left out, a Date or another class instance is
 * refused, NaN, Infinity and integers beyond Number.MAX_SAFE_INTEGER are refused, an empty set
 * is refused.
 *
 * The attribute values are in their JSON wire form (DynamoDB's JSON 1.0 protocol): a binary
 * value (`B`, `BS`) is base64 text there and a Uint8Array on the JavaScript side.
 */

/** One attribute value as DynamoDB's JSON protocol carries it. */
export type WireValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly L: readonly WireValue[] }
  | { readonly M: WireItem }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] };

/** An item (or a key, or ExpressionAttributeValues) in wire form. */
export type WireItem = { readonly [name: string]: WireValue };

const UNDEFINED_MESSAGE =
  "Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.";

/** The SDK's binary types that have bytes to send synchronously (Blob and File have not). */
const BINARY = new Set([
  "ArrayBuffer",
  "Buffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
]);

const constructorName = (v: unknown): string | undefined =>
  typeof v === "object" && v !== null
    ? (v as { constructor?: { name?: string } }).constructor?.name
    : undefined;

const isBinary = (v: unknown) => BINARY.has(constructorName(v) ?? "");

function base64Of(v: unknown): string {
  if (v instanceof ArrayBuffer) return Buffer.from(v).toString("base64");
  const view = v as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

function numberText(n: number | bigint | object): string {
  const text = n.toString();
  if (text === "NaN" || text === "Infinity" || text === "-Infinity") {
    throw new Error(`Special numeric value ${text} is not allowed`);
  }
  if (Number(n) > Number.MAX_SAFE_INTEGER) {
    throw new Error(`Number ${text} is greater than Number.MAX_SAFE_INTEGER.`);
  }
  if (Number(n) < Number.MIN_SAFE_INTEGER) {
    throw new Error(`Number ${text} is lesser than Number.MIN_SAFE_INTEGER.`);
  }
  return text;
}

/** Members of a map, functions and undefined values left out (removeUndefinedValues). */
function mapOf(entries: Iterable<readonly [string, unknown]>): WireItem {
  const out: Record<string, WireValue> = {};
  for (const [key, value] of entries) {
    if (typeof value === "function" || value === undefined) continue;
    Object.defineProperty(out, key, {
      value: marshallValue(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A property's own and inherited enumerable members, as the SDK's `for…in` reads them. */
function* enumerableEntries(o: object): Generator<readonly [string, unknown]> {
  for (const key in o) yield [key, (o as Record<string, unknown>)[key]];
}

function setOf(set: ReadonlySet<unknown>): WireValue {
  const members = [...set].filter((v) => v !== undefined);
  const first = members[0];
  if (members.length === 0)
    throw new Error("Pass a non-empty set, or options.convertEmptyValues=true.");
  if (typeof first === "number") return { NS: members.map((v) => numberText(v as number)) };
  if (typeof first === "bigint") return { NS: members.map((v) => String(v)) };
  if (typeof first === "string") return { SS: members.map((v) => String(v)) };
  if (isBinary(first)) return { BS: members.map(base64Of) };
  throw new Error("Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.");
}

/** One JavaScript value as an attribute value (the SDK's convertToAttr, in the same order). */
export function marshallValue(v: unknown): WireValue {
  if (v === undefined) throw new Error(UNDEFINED_MESSAGE);
  if (v === null) return { NULL: true };
  if (Array.isArray(v)) {
    return {
      L: v.filter((x) => typeof x !== "function" && x !== undefined).map((x) => marshallValue(x)),
    };
  }
  const name = constructorName(v);
  if (name === "Set") return setOf(v as ReadonlySet<unknown>);
  if (name === "Map") return { M: mapOf(v as ReadonlyMap<string, unknown>) };
  if (
    typeof v === "object" &&
    (name === "Object" || !(v as { constructor?: unknown }).constructor)
  ) {
    return { M: mapOf(enumerableEntries(v)) };
  }
  if (isBinary(v)) return { B: base64Of(v) };
  if (typeof v === "boolean" || name === "Boolean") return { BOOL: Boolean(v.valueOf()) };
  if (typeof v === "number" || name === "Number") return { N: numberText(v as number) };
  if (typeof v === "bigint") return { N: v.toString() };
  if (typeof v === "string" || name === "String") return { S: String(v) };
  throw new Error(
    `Unsupported type passed: ${String(v)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`,
  );
}

/**
 * A whole item, key or value map: each member marshalled, undefined and function members left
 * out (the Document client skips them at the top level whatever the options).
 */
export function marshallItem(item: object): WireItem {
  return mapOf(Object.entries(item));
}

function bytesOf(base64: string): Uint8Array {
  const b = Buffer.from(base64, "base64");
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A number as the SDK reads it by default: a JS number, a BigInt beyond the safe range. */
function numberOf(text: string): number | bigint {
  const n = Number(text);
  if ((n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER) && Number.isFinite(n)) {
    try {
      return BigInt(text);
    } catch {
      throw new Error(
        `${text} can't be converted to BigInt. Set options.wrapNumbers to get string value.`,
      );
    }
  }
  return n;
}

/** One attribute value as a JavaScript value (the SDK's convertToNative). */
export function unmarshallValue(v: WireValue): unknown {
  for (const [key, value] of Object.entries(v) as [string, unknown][]) {
    if (value === undefined) continue;
    switch (key) {
      case "NULL":
        return null;
      case "BOOL":
        return Boolean(value);
      case "N":
        return numberOf(value as string);
      case "B":
        return bytesOf(value as string);
      case "S":
        return value as string;
      case "L":
        return (value as WireValue[]).map(unmarshallValue);
      case "M":
        return unmarshallItem(value as WireItem);
      case "NS":
        return new Set((value as string[]).map(numberOf));
      case "BS":
        return new Set((value as string[]).map(bytesOf));
      case "SS":
        return new Set(value as string[]);
      default:
        throw new Error(`Unsupported type passed: ${key}`);
    }
  }
  throw new Error(`No value defined: ${JSON.stringify(v)}`);
}

/** A whole item or key as a plain object. */
export function unmarshallItem(item: WireItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    // defineProperty: a stored attribute named `__proto__` stays a plain member.
    Object.defineProperty(out, key, {
      value: unmarshallValue(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
