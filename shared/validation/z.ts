/**
 * The zod used everywhere is `zod/mini`, imported as a namespace in each module (so that the
 * bundler can drop what is unused); importing this module configures it (a fraction of classic zod's bundle weight, which keeps
 * every Lambda bundle small and its cold start short), with English messages configured once.
 */

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// Only the English locale: `z.locales` would bundle every language.
z.config(en());

/** Attaches OpenAPI / JSON Schema metadata (id, description, examples) and returns the schema. */
export function meta<S extends z.ZodMiniType>(
  schema: S,
  m: { id?: string; description?: string; examples?: unknown[] },
): S {
  z.globalRegistry.add(schema, m);
  return schema;
}
