import { GetApiIndex } from "../../shared/contract/docs-routes.ts";
import { json, publicHandler } from "../../shared/http/handler.ts";

/** GET /v1: the API's base answers with where to read about it (no data). */
export const handler = publicHandler(GetApiIndex, async () =>
  json(200, {
    name: "Project 8 API (Dự án 8)",
    version: "v1",
    links: {
      reference: "/docs",
      openapi: "/openapi.json",
      app: "/app",
      signIn: "/auth/sign-in",
    },
  }),
);
