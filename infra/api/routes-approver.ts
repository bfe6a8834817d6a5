import type { RouteDef } from "./routes.ts";

/** Routes of the approver experience: web task inbox, email links, claiming, routing as data. */
export const APPROVER_ROUTES: readonly RouteDef[] = [];
