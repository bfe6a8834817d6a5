import * as z from "zod/mini";

/**
 * A schema built the first time anything touches it. The contract declares about 300 schemas
 * (every route's params, query, body and answer) in a handful of modules, and building a zod
 * schema is work: at import, a function bundled with the module of its route would build them
 * all, about 15 ms of its cold start, for the one route it serves. Wrapped, each is built on
 * first use (the edge's parse of this function's own route, the OpenAPI document's walk), and
 * the others never.
 *
 * The proxy is the schema for everyone: it forwards every operation to the built schema, so
 * types, `instanceof`, `.shape`, `z.extend(...)` and parsing behave as on the schema itself.
 * Metadata attached while building (`meta()` inside the builder) is given to the proxy, the
 * object the OpenAPI walk and the registry's users see (the built schema keeps it without its
 * id, for the clones that inherit it).
 */
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built !== undefined) return built;
    built = build();
    if (z.globalRegistry.has(built as never) && !z.globalRegistry.has(proxy as never)) {
      const m = z.globalRegistry.get(built as never) ?? {};
      z.globalRegistry.remove(built as never);
      z.globalRegistry.add(proxy as never, m as never);
      // Clones of the built schema (`.clone()`, `.check()`) inherit its metadata through
      // their parent; the id stays the proxy's alone.
      const { id: _id, ...inherited } = m as { id?: unknown };
      z.globalRegistry.add(built as never, inherited as never);
    }
    return built;
  };
  const proxy: T = new Proxy({} as T, {
    get: (_, p) => Reflect.get(real(), p),
    set: (_, p, v) => Reflect.set(real(), p, v),
    has: (_, p) => Reflect.has(real(), p),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, p) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), p);
      // The (empty, extensible) target may report any property as long as it is configurable.
      return d && { ...d, configurable: true };
    },
    defineProperty: (_, p, d) => Reflect.defineProperty(real(), p, d),
    deleteProperty: (_, p) => Reflect.deleteProperty(real(), p),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}
