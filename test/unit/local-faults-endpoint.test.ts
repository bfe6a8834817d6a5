import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DynamoDbGateway } from "../../local/aws/dynamodb-gateway.ts";
import { createFaults } from "../../local/aws/faults.ts";
import { handleFaults } from "../../local/metrics.ts";

/**
 * POST /_local/faults changes how the whole local stack behaves: only a local tool or test may
 * switch it (loopback Host of this server, same Origin, a JSON body), never a page of another
 * site open in the developer's browser (DNS rebinding, a cross-site form or text/plain POST).
 */
const faults = createFaults();
const instruments = { faults, dynamodb: {} as DynamoDbGateway };
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (!handleFaults(instruments, req, res, url, Buffer.concat(chunks))) res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A raw request, so that Host and Origin can be anything (fetch sets Host itself). */
function post(
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: "POST", path: "/_local/faults", headers },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString("utf8");
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const rule = JSON.stringify({ lambda: { CheckNorms: { mode: "throw", times: 1 } } });

describe("GIVEN the faults endpoint", () => {
  it("WHEN a local client posts JSON at the server's own address THEN the rules are replaced", async () => {
    const res = await post({ host: `127.0.0.1:${port}`, "content-type": "application/json" }, rule);
    expect(res.status, res.text).toBe(200);
    expect(faults.state().faults.lambda.CheckNorms).toEqual({ mode: "throw", remaining: 1 });
    const same = await post(
      {
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`,
        "content-type": "application/json; charset=utf-8",
      },
      "{}",
    );
    expect(same.status, same.text).toBe(200);
    expect(faults.state().faults.lambda).toEqual({});
  });

  it("WHEN the Host is another name, the Origin another site or the body not JSON THEN it is refused and nothing changes", async () => {
    const refused = [
      [{ host: `evil.example:${port}`, "content-type": "application/json" }, 403],
      [{ host: `127.0.0.1:${port + 1}`, "content-type": "application/json" }, 403],
      [
        {
          host: `127.0.0.1:${port}`,
          origin: "https://evil.example",
          "content-type": "application/json",
        },
        403,
      ],
      [{ host: `127.0.0.1:${port}`, origin: "null", "content-type": "application/json" }, 403],
      [{ host: `127.0.0.1:${port}`, "content-type": "text/plain" }, 415],
      [{ host: `127.0.0.1:${port}`, "content-type": "application/x-www-form-urlencoded" }, 415],
    ] as const;
    for (const [headers, status] of refused) {
      const res = await post({ ...headers }, rule);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(JSON.parse(res.text).message).toMatch(/local endpoints|application\/json/);
    }
    expect(faults.state().faults.lambda).toEqual({});
  });

  it("WHEN a rule is malformed THEN it is a 400 naming it", async () => {
    const res = await post(
      { host: `127.0.0.1:${port}`, "content-type": "application/json" },
      JSON.stringify({ lambda: { CheckNorms: { mode: "throw", times: -1 } } }),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).message).toMatch(/lambda\.CheckNorms\.times/);
  });
});
