import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import "../validation/z.ts";
import { ValidationError } from "../kernel/errors.ts";

/** Parses a JSON body with a zod schema; every issue becomes a field error. */
export function parseJson<S extends core.$ZodType>(
  body: string | undefined,
  schema: S,
  isBase64 = false,
): core.output<S> {
  let data: unknown;
  try {
    const text =
      body === undefined ? "" : isBase64 ? Buffer.from(body, "base64").toString("utf8") : body;
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError("the request body is not valid JSON", [
      { field: "", message: "invalid JSON" },
    ]);
  }
  return parseValue(data, schema, "request body");
}

export function parseValue<S extends core.$ZodType>(
  data: unknown,
  schema: S,
  what: string,
): core.output<S> {
  const res = z.safeParse(schema, data);
  if (res.success) return res.data;
  const errors = res.error.issues.map((i) => ({
    field: i.path.map(String).join("."),
    message: i.message,
  }));
  const first = errors[0];
  throw new ValidationError(
    `invalid ${what}: ${first ? `${first.field || "(root)"}: ${first.message}` : "invalid"}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
    errors,
  );
}
