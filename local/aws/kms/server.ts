import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Authorization, Authorize } from "../authorize.ts";
import { BodyTooLargeError, header, type LocalServer, listenLocal, receive } from "../request.ts";
import { KmsError } from "./errors.ts";
import type { KeyRing } from "./keys.ts";
import { prepare } from "./operations.ts";

export interface LocalKmsOptions {
  /** 0 picks a free port. */
  port: number;
  keys: KeyRing;
  authorize: Authorize;
}

export interface LocalKms extends LocalServer {
  /** Operations served so far, by name (for tests and the bench). */
  calls(): Readonly<Record<string, number>>;
}

const JSON_11 = "application/x-amz-json-1.1";

/** The AWS error a failed authentication is (KMS answers these with 400). */
const AUTH_ERRORS: Record<string, string> = {
  MissingAuthenticationToken: "MissingAuthenticationTokenException",
  IncompleteSignature: "IncompleteSignatureException",
  InvalidClientTokenId: "UnrecognizedClientException",
  SignatureDoesNotMatch: "InvalidSignatureException",
  RequestExpired: "InvalidSignatureException",
  InvalidSignatureException: "InvalidSignatureException",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": JSON_11,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID(),
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: KmsError): void {
  res.setHeader("x-amzn-errortype", error.type);
  send(res, error.status, { __type: error.type, message: error.message });
}

function refusal(auth: Exclude<Authorization, { allowed: true }>): KmsError {
  if (auth.reason === "denied") return new KmsError("AccessDeniedException", auth.message);
  return new KmsError(AUTH_ERRORS[auth.code] ?? "UnrecognizedClientException", auth.message);
}

/**
 * The local KMS: AWS JSON 1.1 (`X-Amz-Target: TrentService.<Op>`) on 127.0.0.1, with the
 * template's keys. Every call is authenticated and authorized as `kms:<Op>` on the key's ARN
 * (for Decrypt, the key the ciphertext names) before the key is used.
 */
export async function startLocalKms(opts: LocalKmsOptions): Promise<LocalKms> {
  const counts: Record<string, number> = {};
  const server = await listenLocal(
    opts.port,
    async (req, res) => {
      let request: Awaited<ReturnType<typeof receive>>;
      try {
        request = await receive(req, 1024 * 1024);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendError(res, new KmsError("ValidationException", "Request body too large", 413));
          return;
        }
        throw error;
      }
      const target = header(request, "x-amz-target") ?? "";
      const match = /^TrentService\.([A-Za-z]+)$/.exec(target);
      if (request.method !== "POST" || !match?.[1]) {
        sendError(res, new KmsError("UnknownOperationException", `Unknown operation ${target}`));
        return;
      }
      const op = match[1];
      counts[op] = (counts[op] ?? 0) + 1;
      let input: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(request.body.toString("utf8") || "{}");
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
          throw new Error();
        input = parsed as Record<string, unknown>;
      } catch {
        sendError(
          res,
          new KmsError("SerializationException", "The request body is not a JSON object"),
        );
        return;
      }
      let prepared: ReturnType<typeof prepare>;
      try {
        prepared = prepare(op, input, opts.keys);
      } catch (error) {
        // Authentication comes first on AWS: an unsigned bad request is refused as unsigned.
        const auth = await opts.authorize({ service: "kms", request, checks: [], context: {} });
        if (!auth.allowed) sendError(res, refusal(auth));
        else if (error instanceof KmsError) sendError(res, error);
        else throw error;
        return;
      }
      const auth = await opts.authorize({
        service: "kms",
        request,
        checks: [{ action: `kms:${op}`, resource: prepared.resource }],
        context: prepared.context,
      });
      if (!auth.allowed) {
        sendError(res, refusal(auth));
        return;
      }
      try {
        send(res, 200, prepared.run());
      } catch (error) {
        if (error instanceof KmsError) sendError(res, error);
        else throw error;
      }
    },
    (res, error) => {
      console.error("local KMS: internal error", error);
      sendError(res, new KmsError("KMSInternalException", "internal error", 500));
    },
  );
  return { ...server, calls: () => ({ ...counts }) };
}
