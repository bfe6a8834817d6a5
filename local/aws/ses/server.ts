import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { MailStore } from "../../mail/store.ts";
import type { Authorization, Authorize } from "../authorize.ts";
import { BodyTooLargeError, type LocalServer, listenLocal, receive } from "../request.ts";
import { prepareSend, type SesDeclarations, SesError } from "./send-email.ts";

export interface LocalSesOptions {
  /** 0 picks a free port. */
  port: number;
  declarations: SesDeclarations;
  /** Where sent mail is delivered: the local inbox (`/_local/mail`). */
  mail: MailStore;
  authorize: Authorize;
}

export interface LocalSes extends LocalServer {
  /** Messages accepted so far. */
  sent(): number;
}

/** SES answers a failed authentication with 403 and these types. */
const AUTH_ERRORS: Record<string, string> = {
  MissingAuthenticationToken: "MissingAuthenticationTokenException",
  IncompleteSignature: "IncompleteSignatureException",
  InvalidClientTokenId: "UnrecognizedClientException",
  SignatureDoesNotMatch: "SignatureDoesNotMatchException",
  RequestExpired: "InvalidSignatureException",
  InvalidSignatureException: "InvalidSignatureException",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: SesError): void {
  res.setHeader("x-amzn-errortype", error.type);
  send(res, error.status, { __type: error.type, message: error.message });
}

function refusal(auth: Exclude<Authorization, { allowed: true }>): SesError {
  if (auth.reason === "denied") return new SesError("AccessDeniedException", auth.message, 403);
  return new SesError(AUTH_ERRORS[auth.code] ?? "UnrecognizedClientException", auth.message, 403);
}

/**
 * The local SES v2: `SendEmail` (REST-JSON, `POST /v2/email/outbound-emails`) on 127.0.0.1,
 * delivering into the local inbox. It refuses what SES refuses before sending: unsigned or
 * unauthorized calls (`ses:SendEmail` on the identity and the configuration set), a From
 * address outside the template's verified identities, a configuration set that does not exist.
 */
export async function startLocalSes(opts: LocalSesOptions): Promise<LocalSes> {
  let sent = 0;
  const server = await listenLocal(
    opts.port,
    async (req, res) => {
      let request: Awaited<ReturnType<typeof receive>>;
      try {
        request = await receive(req, 40 * 1024 * 1024);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendError(res, new SesError("MessageRejected", "Message length is more than 40 MB", 400));
          return;
        }
        throw error;
      }
      const route = `${request.method} ${request.url.split("?")[0]}`;
      if (route !== "POST /v2/email/outbound-emails") {
        const auth = await opts.authorize({ service: "ses", request, checks: [], context: {} });
        if (!auth.allowed) sendError(res, refusal(auth));
        else
          sendError(
            res,
            new SesError("NotFoundException", `The local SES does not implement ${route}`, 404),
          );
        return;
      }
      let prepared: Awaited<ReturnType<typeof prepareSend>>;
      try {
        const body: unknown = JSON.parse(request.body.toString("utf8") || "{}");
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          throw new SesError("BadRequestException", "The request body is not a JSON object");
        }
        prepared = await prepareSend(body as Record<string, unknown>, opts.declarations);
      } catch (error) {
        const auth = await opts.authorize({ service: "ses", request, checks: [], context: {} });
        if (!auth.allowed) sendError(res, refusal(auth));
        else if (error instanceof SesError) sendError(res, error);
        else if (error instanceof SyntaxError) {
          sendError(res, new SesError("BadRequestException", "The request body is not JSON"));
        } else throw error;
        return;
      }
      const auth = await opts.authorize({
        service: "ses",
        request,
        checks: prepared.resources.map((resource) => ({ action: "ses:SendEmail", resource })),
        context: prepared.context,
      });
      if (!auth.allowed) {
        sendError(res, refusal(auth));
        return;
      }
      const stored = await opts.mail.save({ ...prepared.mail, date: new Date().toISOString() });
      sent += 1;
      send(res, 200, { MessageId: `${stored.id}@local.ses` });
    },
    (res, error) => {
      console.error("local SES: internal error", error);
      sendError(res, new SesError("InternalFailure", "internal error", 500));
    },
  );
  return { ...server, sent: () => sent };
}
