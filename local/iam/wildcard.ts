/**
 * The matching rules of IAM policy elements, as AWS documents them:
 * - Action / NotAction: `service:Action` with `*` (any characters) and `?` (one character),
 *   case-insensitive ("IAM JSON policy elements: Action");
 * - Resource / NotResource: ARNs with `*` and `?` inside each colon-separated segment,
 *   case-sensitive; a `*` that ends a segment may match beyond the colons that follow it
 *   ("IAM JSON policy elements: Resource", "Using wildcards in resource ARNs");
 * - StringLike / ArnLike conditions: `*` and `?` anywhere; ARN conditions compare the six
 *   ARN components one by one ("IAM JSON policy elements: Condition operators").
 */

const cache = new Map<string, RegExp>();

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** A glob where `*` is any run of characters and `?` exactly one. */
function globRegExp(pattern: string, flags: string): RegExp {
  const key = `g${flags}:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let source = "";
    for (const ch of pattern) source += ch === "*" ? ".*" : ch === "?" ? "." : escapeRegExp(ch);
    re = new RegExp(`^${source}$`, `s${flags}`);
    cache.set(key, re);
  }
  return re;
}

/** `s3:Get*` matches `S3:GetObject`: action names are case-insensitive. */
export function matchAction(pattern: string, action: string): boolean {
  return globRegExp(pattern, "i").test(action);
}

/** StringLike (or StringLike with IgnoreCase semantics when `ignoreCase`). */
export function matchString(pattern: string, value: string, ignoreCase = false): boolean {
  return globRegExp(pattern, ignoreCase ? "i" : "").test(value);
}

/**
 * A Resource element against a request's resource ARN. Within a segment `*` and `?` stay inside
 * it; a `*` that is the last character of a segment may run across the colons after it, so
 * `arn:aws:lambda:r:a:function:Fn*` also matches `…:function:Fn:alias`.
 * The resource `*` (actions without resource-level permissions) only matches a pattern `*`.
 */
export function matchResource(pattern: string, resource: string): boolean {
  if (pattern === "*") return true;
  const key = `r:${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const segments = pattern.split(":").map((segment) => {
      let source = "";
      const chars = [...segment];
      chars.forEach((ch, i) => {
        if (ch === "*") source += i === chars.length - 1 ? ".*" : "[^:]*";
        else if (ch === "?") source += "[^:]";
        else source += escapeRegExp(ch);
      });
      return source;
    });
    re = new RegExp(`^${segments.join(":")}$`, "s");
    cache.set(key, re);
  }
  return re.test(resource);
}

/**
 * ArnEquals / ArnLike: both split into the six ARN components (`arn`, partition, service,
 * region, account, resource — the resource keeps its own colons) and compare each one with
 * `*` and `?`. A value that is not an ARN matches nothing.
 */
export function matchArnCondition(pattern: string, value: string): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  if (!p || !v) return false;
  return p.every((part, i) => matchString(part, v[i] ?? ""));
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}
