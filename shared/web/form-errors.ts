import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import type { FieldError } from "../kernel/errors.ts";

/** A form's fields checked with the API's own schema: the body, or the field errors to show. */
export function checkForm<T>(
  schema: core.$ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  const res = z.safeParse(schema, body);
  if (res.success) return { ok: true, value: res.data as T };
  return {
    ok: false,
    errors: res.error.issues.map((i) => ({
      field: i.path.map(String).join(".") || "(root)",
      message: i.message,
    })),
  };
}
