import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { importJWK, type JWK, SignJWT } from "jose";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../local/demo/index.ts";
import { buildEvent } from "../../local/http/event.ts";
import { safeNext } from "../../local/http/login.ts";
import { functionEnvironment, LOCAL_REPLACEMENTS } from "../../local/lambda/environment.ts";
import { ratePeriodMs } from "../../local/schedules.ts";
import { ensureTables } from "../../local/tables.ts";
import {
  type AppTemplates,
  createResolver,
  functionsOf,
  jwtAuthorizerOf,
  loadApp,
  routesOf,
  schedulesOf,
  stateMachinesOf,
  tablesOf,
} from "../../local/template/index.ts";
import { POWERTOOLS_ENVIRONMENT } from "../../shared/config.ts";
import { renderApiDocuments } from "../../shared/contract/api-docs.ts";
import { type StackHandle, startStack } from "../support/local-stack.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const fixture = JSON.parse(
  readFileSync(path.join(ROOT, "test/support/fixtures/app-templates.json"), "utf8"),
) as AppTemplates;

describe("template reader (hand-made fixture)", () => {
  const app = loadApp(fixture);

  it("resolves imports, GetAtt and pseudo parameters to local names", () => {
    const fns = functionsOf(app);
    expect(fns.map((f) => f.logicalId)).toEqual([
      "GetOpenApiFn11111111",
      "GetProposalFn22222222",
      "OpenReviewTask33333333",
      "SweepFn44444444",
    ]);
    const getProposal = fns.find((f) => f.entry === "functions/api/get-proposal.ts");
    expect(getProposal?.environment).toEqual({
      TABLE_NAME: "DataTable",
      STATE_MACHINE_ARN:
        "arn:aws:states:ap-southeast-1:000000000000:stateMachine:ProposalLifecycle0F0F0F0F",
      TZ_DISPLAY: "Asia/Ho_Chi_Minh",
    });
    expect(fns[0]?.environment.USER_POOL_ID).toBe("UserPool6BA7E5F2");
    expect(getProposal?.timeoutSeconds).toBe(10);
  });

  it("reads routes, authorizer, state machines, schedules and tables", () => {
    expect(routesOf(app)).toEqual([
      expect.objectContaining({
        routeKey: "GET /openapi.json",
        auth: "NONE",
        functionLogicalId: "GetOpenApiFn11111111",
      }),
      expect.objectContaining({
        routeKey: "GET /v1/proposals/{id}",
        method: "GET",
        path: "/v1/proposals/{id}",
        auth: "JWT",
        functionLogicalId: "GetProposalFn22222222",
      }),
    ]);
    expect(jwtAuthorizerOf(app)).toEqual({
      logicalId: "HttpApiAuthorizer",
      audience: ["UserPoolWebClient9A9C0B6D"],
      issuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/UserPool6BA7E5F2",
    });
    const [sm] = stateMachinesOf(app);
    expect(JSON.parse(sm?.definition ?? "{}").States.OpenReview).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
      Parameters: {
        FunctionName: "arn:aws:lambda:ap-southeast-1:000000000000:function:OpenReviewTask33333333",
      },
    });
    expect(schedulesOf(app)).toEqual([
      expect.objectContaining({
        expression: "rate(5 minutes)",
        functionLogicalIds: ["SweepFn44444444"],
      }),
    ]);
    expect(tablesOf(app)).toEqual([
      expect.objectContaining({
        name: "DataTable",
        ttlAttribute: "ttl",
        globalSecondaryIndexes: [expect.objectContaining({ IndexName: "GSI1" })],
      }),
    ]);
  });

  it("names the resource and property of anything it cannot resolve", () => {
    const resolver = createResolver([fixture.data, fixture.api]);
    expect(() =>
      resolver.resolve(fixture.api, "SomeFn", "Properties.Environment", {
        "Fn::GetAtt": ["HttpApiF5A9A8A7", "Nonsense"],
      }),
    ).toThrow(/Project8App\/SomeFn\.Properties\.Environment: Fn::GetAtt HttpApiF5A9A8A7\.Nonsense/);
    expect(() =>
      resolver.resolve(fixture.api, "SomeFn", "Properties.X", { "Fn::ImportValue": "Nope" }),
    ).toThrow(/SomeFn\.Properties\.X: no stack exports "Nope"/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
    const sub = { "Fn::Sub": "${AWS::Region}-${!Literal}" };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's escaped literal
    expect(resolver.resolve(fixture.api, "R", "P", sub)).toBe("ap-southeast-1-${Literal}");
    expect(
      resolver.resolve(fixture.api, "R", "P", {
        "Fn::Select": [1, { "Fn::Split": ["/", "a/b/c"] }],
      }),
    ).toBe("b");
  });

  it("gives each function only its own environment, Lambda's variables and the local replacements it needs", () => {
    const [openApi, getProposal] = functionsOf(app);
    if (!openApi || !getProposal) throw new Error("fixture has functions");
    const services = {
      dynamodb: "http://127.0.0.1:8001",
      sfn: "http://127.0.0.1:8083",
      aws: { AWS_ENDPOINT_URL_KMS: "http://127.0.0.1:8084" },
      http: "http://127.0.0.1:3000",
    };
    const env = (fn: typeof openApi, extra: Record<string, string>) =>
      functionEnvironment(
        { ...fn, environment: { ...fn.environment, ...extra } },
        {
          services,
          credentials: { accessKeyId: "ASIAX", secretAccessKey: "s", sessionToken: "t" },
          dirs: { taskRoot: "/task", runtimeDir: "/runtime", nodeBinDir: "/node/bin" },
        },
      );
    const plain = env(getProposal, {});
    expect(plain).toMatchObject({
      TABLE_NAME: "DataTable",
      AWS_LAMBDA_FUNCTION_NAME: getProposal.logicalId,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(getProposal.memoryMb),
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_ACCESS_KEY_ID: "ASIAX",
      AWS_SESSION_TOKEN: "t",
      AWS_ENDPOINT_URL_DYNAMODB: services.dynamodb,
      AWS_ENDPOINT_URL_KMS: "http://127.0.0.1:8084",
      TZ: ":UTC",
    });
    // Nothing of another function's template entry, nothing local it does not replace.
    for (const name of ["MAILER", "KEYS", "LOCAL_KEY_FILE", "LOCAL_JWKS_URL", "LOCAL_STACK"])
      expect(plain[name]).toBeUndefined();
    // Mail and keys go to the local SES and KMS as on AWS: the template's values stay.
    expect(env(openApi, { MAILER: "ses" }).MAILER).toBe("ses");
    expect(env(openApi, { AUTH_DOMAIN: "https://x.auth" })).toMatchObject({
      AUTH_DOMAIN: "",
      LOCAL_JWKS_URL: `${services.http}/_local/auth/.well-known/jwks.json`,
    });
    // Powertools' variables are template entries like any other: the function that has them gets
    // them, and the one whose entry lacks them does not get them from the stack's own process.
    process.env.POWERTOOLS_SERVICE_NAME = "from-the-stack-process";
    try {
      expect(env(getProposal, { ...POWERTOOLS_ENVIRONMENT }).POWERTOOLS_METRICS_NAMESPACE).toBe(
        "Project8",
      );
      expect(env(openApi, {}).POWERTOOLS_SERVICE_NAME).toBeUndefined();
    } finally {
      delete process.env.POWERTOOLS_SERVICE_NAME;
    }
    // A template entry cannot override what Lambda sets.
    expect(env(openApi, { AWS_REGION: "us-east-1" }).AWS_REGION).toBe("ap-southeast-1");
    for (const r of LOCAL_REPLACEMENTS) expect(r.reason.length).toBeGreaterThan(20);
  });

  it("refuses cron schedules", () => {
    expect(ratePeriodMs("rate(5 minutes)", "r")).toBe(300_000);
    expect(ratePeriodMs("rate(1 day)", "r")).toBe(86_400_000);
    expect(() => ratePeriodMs("cron(0 2 * * ? *)", "Nightly")).toThrow(/Nightly.*not supported/);
  });

  it("only redirects to same-origin paths after sign-in", () => {
    expect(safeNext("/v1/tasks?x=1")).toBe("/v1/tasks?x=1");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });

  it("builds the HTTP API payload 2.0 event from a request", async () => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const event = buildEvent({
        req,
        url,
        body: Buffer.from('{"a":1}'),
        routeKey: "POST /v1/proposals/{id}",
        pathParameters: { id: "P-1" },
        apiId: "local",
        claims: { "cognito:groups": ["approver"], exp: 123, "custom:unit": "RU-BX" },
      });
      res.end(JSON.stringify(event));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/proposals/P-1?a=1&a=2&b=x`, {
        method: "POST",
        headers: {
          cookie: "p8_token=abc; lang=vi",
          "X-Custom": "Yes",
          "content-type": "application/json",
        },
        body: '{"a":1}',
      });
      const event = (await res.json()) as Record<string, unknown>;
      expect(event).toMatchObject({
        version: "2.0",
        routeKey: "POST /v1/proposals/{id}",
        rawPath: "/v1/proposals/P-1",
        rawQueryString: "a=1&a=2&b=x",
        cookies: ["p8_token=abc", "lang=vi"],
        queryStringParameters: { a: "1,2", b: "x" },
        pathParameters: { id: "P-1" },
        body: '{"a":1}',
        isBase64Encoded: false,
        requestContext: {
          accountId: "000000000000",
          stage: "$default",
          routeKey: "POST /v1/proposals/{id}",
          http: { method: "POST", path: "/v1/proposals/P-1", protocol: "HTTP/1.1" },
          authorizer: {
            jwt: { claims: { "cognito:groups": "[approver]", exp: "123", "custom:unit": "RU-BX" } },
          },
        },
      });
      const headers = event.headers as Record<string, string>;
      expect(headers["x-custom"]).toBe("Yes");
      expect(headers.cookie).toBeUndefined();
      expect((event.requestContext as { time: string }).time).toMatch(
        /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("local stack (child process)", () => {
  let stack: StackHandle;
  const dynamo = () =>
    new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("prints one line per service and a ready line with timings", () => {
    const out = stack.stdout();
    for (const service of [
      "API (HTTP API",
      "API reference",
      "Sign-in",
      "Mail inbox",
      "SMTP server",
      "Step Functions endpoint",
      "DynamoDB Local",
      "DynamoDB for functions (IAM)",
      "Functions (Lambda, Node.js 22)",
    ]) {
      expect(out.split("\n").filter((l) => l.startsWith(service))).toHaveLength(1);
    }
    expect(stack.info.startupMs).toBeGreaterThan(0);
    expect(stack.info.ports.http).toBeGreaterThan(0);
  });

  it("creates the template's tables with their indexes", async () => {
    expect(stack.info.templateFile).toBeDefined();
    const templates = JSON.parse(
      readFileSync(stack.info.templateFile ?? "", "utf8"),
    ) as AppTemplates;
    const tables = tablesOf(loadApp(templates));
    expect(tables.map((t) => t.name).sort()).toEqual(["AuditTable", "DataTable"]);
    const client = dynamo();
    try {
      for (const table of tables) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
        expect(Table?.KeySchema).toEqual(table.keySchema);
        expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
          table.globalSecondaryIndexes.map((g) => g.IndexName).sort(),
        );
      }
    } finally {
      client.destroy();
    }
  });

  it("adds a missing index to an existing table and reports a different key schema", async () => {
    const client = dynamo();
    const key = (name: string, type: "HASH" | "RANGE") => ({ AttributeName: name, KeyType: type });
    const attrs = ["pk", "sk", "g1"].map((n) => ({
      AttributeName: n,
      AttributeType: "S" as const,
    }));
    const spec = {
      name: "ProbeTable",
      keySchema: [key("pk", "HASH"), key("sk", "RANGE")],
      attributeDefinitions: attrs,
      globalSecondaryIndexes: [
        {
          IndexName: "ByG1",
          KeySchema: [key("g1", "HASH")],
          Projection: { ProjectionType: "ALL" as const },
        },
      ],
    };
    try {
      expect(await ensureTables(client, [{ ...spec, globalSecondaryIndexes: [] }])).toEqual([
        { name: "ProbeTable", action: "created", problems: [] },
      ]);
      expect(await ensureTables(client, [spec])).toEqual([
        { name: "ProbeTable", action: "updated", problems: [] },
      ]);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: "ProbeTable" }));
      expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(["ByG1"]);
      const [report] = await ensureTables(client, [{ ...spec, keySchema: [key("pk", "HASH")] }]);
      expect(report?.problems[0]).toMatch(/ProbeTable has key schema pk:HASH,sk:RANGE.*--fresh/);
    } finally {
      client.destroy();
    }
  });

  it("routes like API Gateway: 404 unknown, 401 without or with a bad token", async () => {
    const unknown = await stack.api("GET", "/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: "Not Found" });
    expect((await stack.api("DELETE", "/v1/proposals")).status).toBe(404);

    const noToken = await stack.api("GET", "/v1/units");
    expect(noToken.status).toBe(401);
    expect(noToken.json).toEqual({ message: "Unauthorized" });

    const good = await stack.token(DEMO.users.approver);
    const [header, payload, signature = ""] = good.split(".");
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const badSig = await stack.api("GET", "/v1/units", {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(badSig.status).toBe(401);
  });

  it("rejects expired tokens and tokens for another audience", async () => {
    const jwk = JSON.parse(
      readFileSync(path.join(stack.dataDir, "keys", "jwt-private.jwk.json"), "utf8"),
    ) as JWK;
    const { issuer, audience } = JSON.parse(
      readFileSync(path.join(stack.dataDir, "keys", "identity.json"), "utf8"),
    ) as { issuer: string; audience: string };
    const key = await importJWK(jwk, "RS256");
    const sign = (aud: string, exp: number) =>
      new SignJWT({
        "cognito:username": "admin",
        "cognito:groups": ["admin"],
        "custom:unit": "P-LC",
        token_use: "id",
      })
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid ?? "" })
        .setIssuer(issuer)
        .setAudience(aud)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    for (const token of [await sign(audience, now - 60), await sign("other-client", now + 600)]) {
      const res = await stack.api("GET", "/v1/units", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
    const ok = await stack.api("GET", "/v1/units", {
      headers: { authorization: `Bearer ${await sign(audience, now + 600)}` },
    });
    expect(ok.status, ok.text).not.toBe(401);
  });

  it("hands requests with a valid token to the handler with the claims", async () => {
    const res = await stack.api("GET", "/v1/units", { token: DEMO.users.provinceOfficer });
    expect(res.status).toBe(200);
    // The handler read the seeded demo directory through DynamoDB Local.
    expect(res.text).toContain(DEMO.communes.batXat);
  });

  it("serves the public /openapi.json and /docs without a token, Brotli to clients that take it", async () => {
    const docs = renderApiDocuments();
    // fetch decodes br: the text is the document generated from the contract.
    const res = await stack.api("GET", "/openapi.json", {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.text).toBe(docs.openApiJson);
    // A client that asks for no encoding gets the same text as it is.
    const plain = await stack.api("GET", "/docs", { headers: { "accept-encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.text).toBe(docs.referenceHtml);
  });

  it("accepts tokens from the token CLI", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/token.ts", DEMO.users.auditor, "--data-dir", stack.dataDir],
      { cwd: ROOT },
    );
    const res = await stack.api("GET", "/v1/units", {
      headers: { authorization: `Bearer ${stdout.trim()}` },
    });
    expect(res.status).toBe(200);
  });

  it("signs in on the web page with an HttpOnly cookie and a same-origin redirect", async () => {
    const page = await stack.api("GET", "/_local/login?next=/v1/tasks");
    expect(page.status).toBe(200);
    for (const username of Object.values(DEMO.users)) expect(page.text).toContain(username);
    const res = await fetch(`${stack.urls.api}/_local/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: DEMO.users.approver, next: "//evil.example/" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toMatch(/^p8_token=ey[^;]+; HttpOnly; Path=\//);
  });

  it("registers the template's state machines with the Step Functions endpoint", async () => {
    const sfn = new SFNClient({
      endpoint: stack.urls.sfn,
      region: "ap-southeast-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    try {
      const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
      expect(stateMachines?.map((m) => m.name)).toContainEqual(
        expect.stringMatching(/^ProposalLifecycle/),
      );
    } finally {
      sfn.destroy();
    }
  });

  it("delivers mail sent over SMTP to the local inbox", async () => {
    await stack.api("DELETE", "/_local/mail");
    const transport = createTransport(stack.urls.smtp);
    await transport.sendMail({
      from: "no-reply@example.org",
      to: "approver.batxat@demo.local",
      subject: "Đề xuất mới cần thẩm định",
      text: `Mở: ${stack.urls.api}/tasks/T-1`,
      html: `<p>Mở <a href="${stack.urls.api}/tasks/T-1?a=1&amp;b=2">nhiệm vụ</a></p>`,
    });
    transport.close();
    const mails = await stack.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: ["approver.batxat@demo.local"],
      subject: "Đề xuất mới cần thẩm định",
      links: [`${stack.urls.api}/tasks/T-1?a=1&b=2`, `${stack.urls.api}/tasks/T-1`],
    });
    const inbox = await stack.api("GET", "/_local/mail");
    expect(inbox.text).toContain("Đề xuất mới cần thẩm định");
    const message = await stack.api("GET", `/_local/mail/${mails[0]?.id}`);
    expect(message.text).toContain(`href="${stack.urls.api}/tasks/T-1?a=1&amp;b=2"`);
  });

  it("runs the template's schedules when the clock passes their due time", async () => {
    type Health = { now: string; schedules: { rule: string; dueAt: string }[] };
    const before = (await stack.api<Health>("GET", "/_local/health")).json;
    const [sweep] = before.schedules;
    expect(sweep?.rule).toMatch(/^Sweep/);
    expect(Date.parse(sweep?.dueAt ?? "") - Date.parse(before.now)).toBeLessThanOrEqual(300_000);

    const now = await stack.advanceClock(10 * 60);
    const after = (await stack.api<Health>("GET", "/_local/health")).json;
    // Fired once for the advance; the next run is one period after the new now.
    const nextIn = Date.parse(after.schedules[0]?.dueAt ?? "") - Date.parse(now);
    expect(nextIn).toBeGreaterThan(290_000);
    expect(nextIn).toBeLessThanOrEqual(300_000);
  });

  it("keeps data, mail and the clock across kill -9 and restart", async () => {
    const before = (await stack.api<{ nowMs: number; offsetMs: number }>("GET", "/_local/clock"))
      .json;
    const advanced = await stack.advanceClock(3 * 86_400);
    expect(Date.parse(advanced) - before.nowMs).toBeGreaterThanOrEqual(3 * 86_400_000);

    const client = dynamo();
    await client.send(
      new PutItemCommand({
        TableName: "DataTable",
        Item: { pk: { S: "TEST#persist" }, sk: { S: "T" }, value: { S: "kept" } },
      }),
    );
    client.destroy();
    const oldPorts = stack.info.ports;
    await stack.kill();
    // Nothing outlives the kill: DynamoDB Local's port is free again.
    await expect(fetch(`http://127.0.0.1:${oldPorts.dynamodb}/`)).rejects.toThrow();

    await stack.restart();
    const after = (await stack.api<{ offsetMs: number }>("GET", "/_local/clock")).json;
    expect(after.offsetMs).toBeGreaterThanOrEqual(before.offsetMs + 3 * 86_400_000);
    const again = dynamo();
    try {
      const { Item } = await again.send(
        new GetItemCommand({
          TableName: "DataTable",
          Key: { pk: { S: "TEST#persist" }, sk: { S: "T" } },
        }),
      );
      expect(Item?.value?.S).toBe("kept");
    } finally {
      again.destroy();
    }
    expect(await stack.mails()).toHaveLength(1);
    // The demo data is seeded once, not duplicated or reset.
    expect((await stack.api("GET", "/v1/units", { token: DEMO.users.admin })).status).toBe(200);
  });
});
