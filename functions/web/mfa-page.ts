import { WebMfaPage } from "../../shared/access/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { renderMfaPage } from "./mfa-view.ts";

/**
 * GET /app/mfa: the TOTP enrolment page, the one page a privileged user signed in without TOTP
 * may open (the others send them here). Changes nothing.
 */
export const { handler, lambdaHandler } = pageHandler(
  WebMfaPage,
  async (ctx) => {
    const s = ctx.session;
    if (!s) return ctx.signIn();
    return renderMfaPage(ctx, s, { kind: "status" });
  },
  { mfaEnrolment: true },
);
