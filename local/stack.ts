import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clock } from "../shared/clock.ts";
import { createAuthorizer, iamModeFromEnv } from "./aws/authorizer.ts";
import { createCredentialStore } from "./aws/credentials.ts";
import { type DynamoDbGateway, startDynamoDbGateway } from "./aws/dynamodb-gateway.ts";
import { createFaults, parseFaults } from "./aws/faults.ts";
import { fromIamAuthorizer } from "./aws/iam-authorize.ts";
import { startLocalAwsServices } from "./aws/services.ts";
import { createStepFunctionsAuthorize } from "./aws/sfn-authorize.ts";
import { startStepFunctionsGateway } from "./aws/sfn-gateway.ts";
import { restoreClock } from "./clock-store.ts";
import { seedDemoData } from "./demo/seed.ts";
import { type DynamoDbJit, launchDynamoDbLocal } from "./dynamodb.ts";
import type { FunctionRunner } from "./functions.ts";
import { startHttpServer } from "./http-server.ts";
import { requireEvaluable, rolesOf } from "./iam/roles.ts";
import { createLocalIdentity } from "./identity.ts";
import { loadBundles } from "./lambda/bundles.ts";
import { functionEnvironment } from "./lambda/environment.ts";
import { bundleCode, createLambdaRunner, type LambdaCode } from "./lambda/runner.ts";
import { startSmtpServer } from "./mail/smtp.ts";
import { createMailStore } from "./mail/store.ts";
import type { LocalInstruments } from "./metrics.ts";
import { startSchedules } from "./schedules.ts";
import { startLocalStepFunctions } from "./sfn.ts";
import { ensureTables } from "./tables.ts";
import {
  type FunctionSpec,
  functionsOf,
  jwtAuthorizerOf,
  loadApp,
  routesOf,
  schedulesOf,
  stateMachinesOf,
  tablesOf,
} from "./template/accessors.ts";
import type { AppTemplates } from "./template/types.ts";
import { loadTemplates } from "./template-cache.ts";

async function withTimeout(work: Promise<void> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work?.catch((error: unknown) => console.error("local stack: while draining", error)),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

export const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface LocalStackOptions {
  dataDir: string;
  /**
   * 0 = a free port. Defaults: http 3000, sfn 8083, dynamodb 8000, dynamodb gateway 8001,
   * smtp 1025, kms 8084, ses 8085, s3 8086.
   */
  httpPort?: number;
  sfnPort?: number;
  dynamoPort?: number;
  dynamoGatewayPort?: number;
  smtpPort?: number;
  kmsPort?: number;
  sesPort?: number;
  s3Port?: number;
  /** The local Cognito user pool API (8087). */
  cognitoPort?: number;
  /** DynamoDB in memory (mail, keys and clock still go to dataDir). */
  inMemory?: boolean;
  /** How DynamoDB Local's JVM compiles (local/dynamodb.ts); "startup" by default. */
  dynamoJit?: DynamoDbJit;
  /** Deletes dataDir first: the documented way to start empty. */
  fresh?: boolean;
  /** Use these templates instead of synthesizing the CDK app (tests). */
  templates?: AppTemplates;
  /** Synthesize even when the cached template of unchanged sources exists. */
  forceSynth?: boolean;
  /**
   * "bundle" (default): every function runs its esbuild bundle, as deployed. "source": the
   * TypeScript sources through tsx, for quick iteration (LOCAL_FUNCTIONS=source).
   */
  functions?: "bundle" | "source";
}

export interface LocalStack {
  dataDir: string;
  ports: {
    http: number;
    sfn: number;
    dynamodb: number;
    dynamodbGateway: number;
    smtp: number;
    kms: number;
    ses: number;
    s3: number;
  };
  urls: {
    api: string;
    docs: string;
    openapi: string;
    inbox: string;
    login: string;
    health: string;
    clock: string;
    sfn: string;
    sfnExecutions: string;
    dynamodb: string;
    dynamodbGateway: string;
    smtp: string;
    kms: string;
    ses: string;
    s3: string;
  };
  /** Template and bundle sources and milliseconds per start-up phase. */
  timings: {
    template: "synthesized" | "cache" | "given";
    bundles: "built" | "cache";
    phases: Record<string, number>;
  };
  /** The synthesized templates file this start-up read (absent when templates were given). */
  templateFile?: string;
  /** One human-readable line per service, as `npm start` prints them. */
  serviceLines(): string[];
  stop(): Promise<void>;
}

/**
 * Starts the whole system on one machine from the synthesized CDK template: DynamoDB Local
 * with the template's tables, the handlers behind an API Gateway-compatible HTTP server, the
 * Step Functions runtime, the SMTP inbox and the schedules, all on the shared clock.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let last = started;
  const mark = (phase: string) => {
    const now = performance.now();
    phases[phase] = Math.round(now - last);
    last = now;
  };
  const dataDir = path.resolve(opts.dataDir);
  if (opts.fresh) await rm(dataDir, { recursive: true, force: true });
  const stops: (() => Promise<void> | void)[] = [];
  let drain: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    // Let work in flight (requests, scheduled runs, Lambda tasks) finish before stopping, so a
    // graceful stop never leaves a task half-run for the restart to repair.
    await withTimeout(drain?.(), 10_000);
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error("local stack: error while stopping", error);
      }
    }
  };

  try {
    // The JVM starts while the app synthesizes: the two longest steps overlap.
    const dynamo = await launchDynamoDbLocal({
      port: opts.dynamoPort ?? 8000,
      ...(opts.inMemory ? {} : { path: path.join(dataDir, "dynamodb") }),
      ...(opts.dynamoJit ? { jit: opts.dynamoJit } : {}),
    });
    stops.push(() => dynamo.stop());
    mark("dynamodbSpawn");
    const loaded = opts.templates
      ? { templates: opts.templates, source: "given" as const, file: undefined }
      : await loadTemplates({
          projectRoot: PROJECT_ROOT,
          cacheDir: path.join(PROJECT_ROOT, "node_modules", ".cache", "project8-local"),
          ...(opts.forceSynth ? { force: true } : {}),
        });
    mark("template");
    const app = loadApp(loaded.templates);
    const functionSpecs = functionsOf(app);
    const routes = routesOf(app);
    const authorizer = jwtAuthorizerOf(app);
    const audience = authorizer?.audience[0] ?? "local";
    const tables = tablesOf(app);
    // Every function runs as its role: the template's policies decide each of its AWS calls.
    const roles = rolesOf(app);
    requireEvaluable(roles, functionSpecs);
    const credentials = createCredentialStore();
    const iam = createAuthorizer({ credentials, mode: iamModeFromEnv() });
    const faults = createFaults(parseFaults(process.env.LOCAL_FAULTS ?? ""));

    const mode = opts.functions ?? "bundle";
    // Source mode needs only the runtime's bootstrap: no bundling on every edit.
    const bundles = await loadBundles({
      projectRoot: PROJECT_ROOT,
      cacheDir: path.join(PROJECT_ROOT, "node_modules", ".cache", "project8-local"),
      entries: mode === "source" ? [] : functionSpecs.map((f) => f.entry),
    });
    mark("bundles");

    await restoreClock(dataDir);
    const identity = await createLocalIdentity(dataDir, audience);
    mark("identity");
    const mail = createMailStore(path.join(dataDir, "mail"));
    const smtp = await startSmtpServer(opts.smtpPort ?? 1025, mail);
    stops.push(() => smtp.stop());

    // The servers listen before the functions exist (these need their ports): calls wait.
    let runner: FunctionRunner | undefined;
    const functions: FunctionRunner = {
      has: (id) => functionSpecs.some((f) => f.logicalId === id),
      invoke: (id, event) => {
        if (!runner) throw new Error("the local Lambda service is not started yet");
        return runner.invoke(id, event);
      },
    };
    let instruments: LocalInstruments | undefined;
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let scheduler: ReturnType<typeof startSchedules> | undefined;
    let sfnRef: { idle(): Promise<void> } | undefined;
    const http = await startHttpServer({
      port: opts.httpPort ?? 3000,
      routes,
      functions,
      apiId: "local",
      ready: gate,
      dataDir,
      identity,
      mail,
      instruments: () => instruments,
      settle: async () => {
        // A sweep may signal an execution, whose next task may write what a sweep reads.
        for (let round = 0; round < 2; round++) {
          await scheduler?.idle();
          await sfnRef?.idle();
        }
      },
      health: () => ({
        now: clock.iso(),
        schedules: scheduler?.next() ?? [],
        iam: iam.mode,
      }),
    });
    stops.push(() => http.close());

    mark("servers");
    // The Step Functions store reads DynamoDB as soon as it exists: wait for the JVM first.
    await dynamo.ready;
    mark("dynamodbReady");
    const gateway: DynamoDbGateway = await startDynamoDbGateway({
      port: opts.dynamoGatewayPort ?? 8001,
      upstream: dynamo.endpoint,
      authorizer: iam,
      faults,
      tables,
    });
    stops.push(() => gateway.close());
    instruments = { faults, dynamodb: gateway };
    const sfnRuntime = await startLocalStepFunctions({
      port: 0,
      client: dynamo.client,
      functions,
      functionsReady: gate,
      stateMachines: stateMachinesOf(app),
      // The runtime knows each call's resource (a token's state machine); the front below
      // has verified the caller's signature.
      authorize: createStepFunctionsAuthorize(iam),
      iam: { authorizer: iam, roles },
    });
    stops.push(() => sfnRuntime.stop());
    const sfn = await startStepFunctionsGateway({
      port: opts.sfnPort ?? 8083,
      upstream: sfnRuntime.url,
      authorizer: iam,
      faults,
    });
    stops.push(() => sfn.close());
    sfnRef = sfnRuntime;
    mark("stepFunctions");

    // KMS, SES v2 and S3 as local services on their AWS protocols, each call authorized as the
    // caller's role: handlers use the same SDK clients as on AWS, with only the endpoint changed.
    const aws = await startLocalAwsServices({
      app,
      dataDir,
      ports: {
        kms: opts.kmsPort ?? 8084,
        ses: opts.sesPort ?? 8085,
        s3: opts.s3Port ?? 8086,
        cognito: opts.cognitoPort ?? 8087,
      },
      mail,
      authorize: fromIamAuthorizer(iam),
      appOrigin: http.url,
    });
    stops.push(() => aws.stop());
    mark("awsServices");

    const services = {
      dynamodb: gateway.url,
      sfn: sfn.url,
      aws: aws.endpoints,
      http: http.url,
      issuer: identity.config.issuer,
      audience: identity.config.audience,
    };
    const nodeBinary = path.join(PROJECT_ROOT, "node_modules", ".bin", "node");
    if (!existsSync(nodeBinary)) {
      throw new Error(`${nodeBinary} is missing: npm ci installs Node.js 22 (the node@22 package)`);
    }
    const codeOf = (fn: FunctionSpec): LambdaCode => {
      if (mode === "source") {
        return {
          module: path.join(PROJECT_ROOT, fn.entry),
          exportName: fn.handler,
          taskRoot: PROJECT_ROOT,
        };
      }
      const file = bundles.entries.get(fn.entry)?.file;
      if (!file) throw new Error(`${fn.logicalId}: no bundle of ${fn.entry}`);
      return bundleCode(fn, file);
    };
    const lambda = createLambdaRunner({
      functions: functionSpecs,
      codeOf,
      environmentOf: (fn, code) => {
        const role = fn.roleName ? roles.get(fn.roleName) : undefined;
        const issued = credentials.issue(
          { name: role?.name ?? `${fn.logicalId}-no-role`, policies: role ?? { identity: [] } },
          fn.logicalId,
        );
        return functionEnvironment(fn, {
          services,
          credentials: issued,
          dirs: {
            taskRoot: code.taskRoot,
            runtimeDir: path.dirname(bundles.bootstrap),
            nodeBinDir: path.dirname(nodeBinary),
          },
        });
      },
      nodeBinary,
      bootstrap: bundles.bootstrap,
      ...(mode === "source" ? { execArgv: ["--import", "tsx"] } : {}),
      clockOffsetMs: () => clock.offsetMs(),
      faults,
      ...(process.env.LOCAL_LAMBDA_CONCURRENCY
        ? { maxConcurrency: Number(process.env.LOCAL_LAMBDA_CONCURRENCY) }
        : {}),
      ...(process.env.LOCAL_LAMBDA_IDLE_SECONDS
        ? { idleMs: Number(process.env.LOCAL_LAMBDA_IDLE_SECONDS) * 1000 }
        : {}),
    });
    runner = lambda;
    stops.push(() => lambda.stop());
    mark("functions");

    const reports = await ensureTables(dynamo.client, tables);
    const problems = reports.flatMap((r) => r.problems);
    if (problems.length > 0)
      throw new Error(
        `DynamoDB Local tables differ from the template:\n  ${problems.join("\n  ")}`,
      );
    const dataTable = functionSpecs.find((f) => f.environment.TABLE_NAME)?.environment.TABLE_NAME;
    const auditTable = functionSpecs.find((f) => f.environment.AUDIT_TABLE_NAME)?.environment
      .AUDIT_TABLE_NAME;
    if (dataTable) await seedDemoData(dynamo.client, dataTable, auditTable);
    mark("tables");

    scheduler = startSchedules(schedulesOf(app), (fn, event) => functions.invoke(fn, event));
    stops.push(() => scheduler?.stop());
    drain = async () => {
      await http.close();
      scheduler?.stop();
      await scheduler?.idle();
      await sfnRuntime.idle();
    };
    openGate();

    const api = http.url;
    const urls = {
      api,
      docs: `${api}/docs`,
      openapi: `${api}/openapi.json`,
      inbox: `${api}/_local/mail`,
      login: `${api}/_local/login`,
      health: `${api}/_local/health`,
      clock: `${api}/_local/clock`,
      sfn: sfn.url,
      sfnExecutions: `${sfn.url}/`,
      dynamodb: dynamo.endpoint,
      dynamodbGateway: gateway.url,
      smtp: smtp.url,
      ...aws.urls,
    };
    phases.total = Math.round(performance.now() - started);
    const timings = { template: loaded.source, bundles: bundles.source, phases };
    return {
      dataDir,
      ports: {
        http: http.port,
        sfn: sfn.port,
        dynamodb: dynamo.port,
        dynamodbGateway: gateway.port,
        smtp: smtp.port,
        ...aws.ports,
      },
      urls,
      timings,
      ...(loaded.file ? { templateFile: loaded.file } : {}),
      serviceLines: () => [
        `API (HTTP API, payload 2.0)        ${urls.api}/v1   index of the local stack: ${urls.api}/`,
        `API reference                      ${urls.docs}  (OpenAPI: ${urls.openapi})`,
        `Sign-in (demo users)               ${urls.login}   token: npm run token -- <user>`,
        `Pages (each role's landing page)   ${urls.api}/app`,
        `Mail inbox (web)                   ${urls.inbox}`,
        `SMTP server                        ${urls.smtp}`,
        `Step Functions endpoint            ${urls.sfn}   executions: ${urls.sfnExecutions}`,
        `DynamoDB Local                     ${urls.dynamodb}   data: ${opts.inMemory ? "in memory" : path.join(dataDir, "dynamodb")}${dynamo.loopback ? "" : "   WARNING: no javac, listening on every interface"}`,
        `DynamoDB for functions (IAM)       ${urls.dynamodbGateway}   IAM ${iam.mode}, as each function's role`,
        `Functions (Lambda, Node.js 22)     ${functionSpecs.length} from ${mode === "source" ? "sources (LOCAL_FUNCTIONS=source)" : `bundles (${bundles.source})`}`,
        ...aws.lines(),
        `Clock                              ${urls.clock}   now ${clock.iso()}`,
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
