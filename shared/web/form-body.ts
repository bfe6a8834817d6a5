/**
 * A posted form as the API's JSON body: the parsing half of shared/web/forms.ts, its own module
 * so that an action whose success path only parses does not load the form renderers.
 */

/** Parses an amount typed by hand: "60.000.000", "60 000 000 đ", "60,000,000" → 60000000. */
export function parseAmount(raw: string | undefined): number | string | undefined {
  const s = (raw ?? "").trim();
  if (s === "") return undefined;
  const compact = s.replace(/\s+|đ$|vnd$|VND$|đồng$/gi, "").replace(/[.,\s]/g, "");
  return /^\d{1,15}$/.test(compact) ? Number(compact) : s;
}

/**
 * Turns flat form fields into the API's body: `a.b` nests, numeric segments make arrays (empty
 * rows dropped), `numeric` fields become numbers where they can, empty strings are omitted.
 * Fields starting with "_" (CSRF token, operation) are not part of the body.
 */
export function formToBody(
  form: Record<string, string>,
  numeric: (path: string) => boolean,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    if (name.startsWith("_") || name === "op") continue;
    if (
      !/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(name) ||
      /(^|\.)(constructor|prototype)(\.|$)/.test(name)
    )
      continue;
    const value = numeric(name) ? parseAmount(raw) : raw.trim() === "" ? undefined : raw;
    if (value === undefined) continue;
    const parts = name.split(".");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      // Own properties only: a field named "constructor.prototype.x" must not reach a prototype.
      if (!Object.hasOwn(node, part)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

/** Objects whose keys are all indexes become arrays (in index order, holes dropped). */
function arraysOf(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  const mapped = Object.fromEntries(keys.map((k) => [k, arraysOf(obj[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]);
  }
  return mapped;
}
