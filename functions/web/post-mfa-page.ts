import { cognitoTotp } from "../../shared/access/adapters/cognito-totp.ts";
import { MFA_ENROL_PATH } from "../../shared/access/domain/mfa.ts";
import { WebMfaAction } from "../../shared/access/routes.ts";
import {
  finishTotpEnrolment,
  startTotpEnrolment,
} from "../../shared/access/use-cases/enrol-totp.ts";
import { ValidationError } from "../../shared/kernel/errors.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { enrolmentToken, isLocal, renderMfaPage } from "./mfa-view.ts";

/**
 * POST /app/mfa: `op=start` asks Cognito for a new secret and shows it with its otpauth link;
 * `op=verify` checks the app's first code and turns TOTP on. Without the sign-in's access token
 * (or on the local stack) the page says what to do instead.
 */
export const { handler, lambdaHandler } = pageHandler(
  WebMfaAction,
  async (ctx) => {
    const s = ctx.session;
    if (!s) return ctx.signIn();
    const form = ctx.form();
    if (!csrfValid(s, MFA_ENROL_PATH, form._csrf)) {
      return renderMfaPage(ctx, s, { kind: "wrong-code", message: t(ctx.lang, "csrf") }, 403);
    }
    const accessToken = enrolmentToken(ctx);
    if (isLocal() || !accessToken) return renderMfaPage(ctx, s, { kind: "status" }, 409);
    if (form.op === "start") {
      const started = await startTotpEnrolment(cognitoTotp, accessToken, s.actor.id);
      return renderMfaPage(ctx, s, { kind: "secret", ...started });
    }
    if (form.op === "verify") {
      try {
        const result = await finishTotpEnrolment(cognitoTotp, accessToken, form.code);
        return renderMfaPage(ctx, s, { kind: result }, result === "enabled" ? 200 : 422);
      } catch (err) {
        if (err instanceof ValidationError) {
          return renderMfaPage(ctx, s, { kind: "wrong-code" }, 400);
        }
        throw err;
      }
    }
    throw new ValidationError("unknown op", [{ field: "op", message: "start | verify" }]);
  },
  { mfaEnrolment: true },
);
