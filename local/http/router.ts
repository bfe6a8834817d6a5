import type { RouteSpec } from "../template/accessors.ts";

export interface RouteMatch {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

interface Compiled {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
  /** Literal characters: more specific routes win, as in API Gateway. */
  literal: number;
  greedy: boolean;
}

function compile(route: RouteSpec): Compiled {
  const names: string[] = [];
  let greedy = false;
  const segments = route.path.split("/").map((segment) => {
    const param = /^\{([^}+]+)(\+?)\}$/.exec(segment);
    if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    names.push(param[1]);
    if (param[2]) {
      greedy = true;
      return "(.+)";
    }
    return "([^/]+)";
  });
  return {
    route,
    pattern: new RegExp(`^${segments.join("/")}$`),
    names,
    literal: route.path.replace(/\{[^}]+\}/g, "").length,
    greedy,
  };
}

/**
 * A path segment decoded as API Gateway passes path parameters; a malformed percent-encoding
 * is passed on as it came, so the handler's parameter schema refuses it (a 400 naming the
 * parameter) instead of the server failing.
 */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Matches method and path against the template's routes ({param} and greedy {proxy+}). */
export function createRouter(routes: readonly RouteSpec[]) {
  const compiled = routes
    .filter((r) => r.routeKey !== "$default")
    .map(compile)
    .sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.literal - a.literal);
  const fallback = routes.find((r) => r.routeKey === "$default");
  return {
    match(method: string, path: string): RouteMatch | undefined {
      for (const c of compiled) {
        if (c.route.method !== method && c.route.method !== "ANY") continue;
        const m = c.pattern.exec(path);
        if (!m) continue;
        const pathParameters: Record<string, string> = {};
        c.names.forEach((name, i) => {
          pathParameters[name] = decodeSegment(m[i + 1] ?? "");
        });
        return { route: c.route, pathParameters };
      }
      return fallback ? { route: fallback, pathParameters: {} } : undefined;
    },
  };
}
