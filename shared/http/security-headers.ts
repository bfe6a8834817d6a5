import type { MiddlewareObj } from "./middleware.ts";

/**
 * HTTP Strict Transport Security on every response of every route, pages and API alike: a
 * browser that has seen it once goes straight to https for a year, on this host and its
 * subdomains, so a network attacker cannot strip TLS from a later visit (the session cookie is
 * Secure, but the first plain-HTTP request of a typed address would still be exposed).
 * No `preload`: that commits the whole registered domain, a decision for its owner.
 *
 * The local stack runs on plain HTTP and gets the same header: browsers ignore HSTS received
 * over HTTP (RFC 6797, section 8.1), so it changes nothing there, and the code stays the same.
 */
export const HSTS_HEADER = "strict-transport-security";
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

interface WithHeaders {
  headers?: Record<string, string | number | boolean>;
}

function addHsts(response: unknown): void {
  if (typeof response !== "object" || response === null) return;
  const r = response as WithHeaders;
  r.headers = { ...r.headers, [HSTS_HEADER]: HSTS_VALUE };
}

/** A middleware that adds HSTS to the response, the error responses included. */
export function securityHeaders<E, R>(): MiddlewareObj<E, R> {
  return {
    after: async (request) => {
      addHsts(request.response);
    },
    onError: async (request) => {
      addHsts(request.response);
    },
  };
}
