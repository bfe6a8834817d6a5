/**
 * The Step Functions endpoint of the local stack (AWS_ENDPOINT_URL_SFN, SFN_PORT): checks each
 * API call with the same `authorize` hook the runtime's own server takes
 * (local/aws/sfn-authorize.ts) and passes it on to the runtime, which listens on a private
 * port. Once the runtime package's server calls the hook itself, the runtime listens on
 * SFN_PORT directly and this front goes away. The execution view (GET) needs no signature,
 * like the console it stands for.
 *
 * It also injects `sfnThrottle` faults into the functions' calls (local/aws/faults.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AwsAuthorizer, sendAwsJsonError } from "./authorizer.ts";
import type { Faults } from "./faults.ts";
import { close, forward, keepAlive, listen, readBody, reply } from "./proxy.ts";
import { createStepFunctionsAuthorize, stepFunctionsAuthorization } from "./sfn-authorize.ts";

const JSON_10 = "application/x-amz-json-1.0";
const TARGET_PREFIX = "AWSStepFunctions.";

export interface StepFunctionsGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startStepFunctionsGateway(opts: {
  port: number;
  /** The runtime's own server. */
  upstream: string;
  authorizer: AwsAuthorizer;
  faults: Faults;
}): Promise<StepFunctionsGateway> {
  const upstream = new URL(opts.upstream);
  const agent = keepAlive();
  const authorize = createStepFunctionsAuthorize(opts.authorizer);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method !== "POST") {
      reply(res, await forward(agent, upstream, req, body));
      return;
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    let input: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8") || "{}");
      if (typeof parsed === "object" && parsed !== null) input = parsed as Record<string, unknown>;
    } catch {
      // The runtime answers SerializationException itself once the caller is known.
    }
    const { action, resource } = stepFunctionsAuthorization(operation || "Unknown", input);
    const verdict = authorize({
      action,
      resource,
      headers: req.headers,
      body,
      method: req.method,
      url: req.url ?? "/",
    });
    if (!verdict.allowed) {
      sendAwsJsonError(res, JSON_10, verdict.errorType, verdict.message, verdict.status);
      return;
    }
    const key = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
    const fromFunction =
      key !== undefined && !opts.authorizer.credentials.lookup(key)?.principal.admin;
    if (fromFunction && opts.faults.inject("sfnThrottle")) {
      sendAwsJsonError(
        res,
        JSON_10,
        "ThrottlingException",
        "Rate exceeded (injected: LOCAL_FAULTS)",
      );
      return;
    }
    reply(res, await forward(agent, upstream, req, body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("stepfunctions gateway: request failed", error);
      if (!res.headersSent) {
        sendAwsJsonError(
          res,
          JSON_10,
          "ServiceUnavailable",
          "the local Step Functions runtime did not answer",
          500,
        );
      } else res.end();
    });
  });
  const port = await listen(server, opts.port, "Step Functions endpoint");
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await close(server);
      agent.destroy();
    },
  };
}
