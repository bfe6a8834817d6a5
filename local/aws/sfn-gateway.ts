/**
 * The Step Functions endpoint of the local stack (AWS_ENDPOINT_URL_SFN, SFN_PORT), in front of
 * the runtime's own server on a private port. It verifies every API call's SigV4 signature over
 * the whole request (the runtime's `authorize` hook sees the headers only) and injects
 * `sfnThrottle` faults into the functions' calls (local/aws/faults.ts); the runtime then
 * evaluates the caller's policies for the action and the resource it knows (a task token's
 * state machine), through the hook (local/aws/sfn-authorize.ts). The execution view (GET)
 * needs no signature, like the console it stands for, but answers only at its own loopback
 * address and hides task tokens (local/aws/execution-view.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type AwsAuthorizer, sendAwsJsonError } from "./authorizer.ts";
import { hideTaskTokens, refuseViewRequest } from "./execution-view.ts";
import type { Faults } from "./faults.ts";
import { close, forward, keepAlive, listen, readBody, reply } from "./proxy.ts";

const JSON_10 = "application/x-amz-json-1.0";

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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method !== "POST") {
      const refused = refuseViewRequest(req.headers, (server.address() as AddressInfo).port);
      if (refused) {
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
        res.end(refused);
        return;
      }
      const up = await forward(agent, upstream, req, body);
      reply(res, up, Buffer.from(hideTaskTokens(up.body.toString("utf8")), "utf8"));
      return;
    }
    const identity = opts.authorizer.identify(
      { method: "POST", url: req.url ?? "/", headers: req.headers, body },
      "states",
    );
    if (!identity.ok) {
      sendAwsJsonError(res, JSON_10, identity.code, identity.message);
      return;
    }
    const fromFunction = !identity.principal.admin;
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
