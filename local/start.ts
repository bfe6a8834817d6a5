/**
 * `npm start`: the whole system on this machine. Options:
 *   --fresh           delete the data folder first (start empty)
 *   --in-memory       keep DynamoDB in memory (nothing persists across restarts)
 *   --data-dir <dir>  data folder (default .local, or env LOCAL_DATA_DIR)
 *   --synth           synthesize the CDK app even if its cached template is current
 * LOCAL_STACK_PARENT_PID: stop when that process is gone (set by the test harness).
 * Ports from env: PORT (HTTP, 3000), SFN_PORT (8083), DYNAMODB_PORT (8000),
 * DYNAMODB_GATEWAY_PORT (8001, the functions' DynamoDB endpoint), SMTP_PORT (1025),
 * KMS_PORT (8084), SES_PORT (8085), S3_PORT (8086), COGNITO_PORT (8087); 0 picks a free port.
 * LOCAL_FUNCTIONS=source runs the functions from their TypeScript sources instead of their
 * bundles; LOCAL_IAM=report logs IAM denials instead of refusing the calls;
 * LOCAL_DYNAMODB_JIT=throughput runs DynamoDB Local's JVM with its optimizing compiler (long
 * runs, bulk loads) instead of the quicker-starting default.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { dynamoDbJitFromEnv } from "./dynamodb.ts";
import { envChoice } from "./env-choice.ts";
import { PROJECT_ROOT, startLocalStack } from "./stack.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw} is not a port number`);
  }
  return port;
}

/** An empty LOCAL_FUNCTIONS is the default too. */
const functionsMode = (raw: string | undefined) =>
  envChoice("LOCAL_FUNCTIONS", raw || undefined, ["bundle", "source"]);

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    "in-memory": { type: "boolean", default: false },
    "data-dir": { type: "string" },
    synth: { type: "boolean", default: false },
  },
});

const dataDir = path.resolve(
  PROJECT_ROOT,
  values["data-dir"] ?? process.env.LOCAL_DATA_DIR ?? ".local",
);

try {
  const stack = await startLocalStack({
    dataDir,
    fresh: values.fresh === true || process.env.LOCAL_FRESH === "1",
    inMemory: values["in-memory"] === true || process.env.LOCAL_IN_MEMORY === "1",
    dynamoJit: dynamoDbJitFromEnv(),
    httpPort: portFromEnv("PORT", 3000),
    sfnPort: portFromEnv("SFN_PORT", 8083),
    dynamoPort: portFromEnv("DYNAMODB_PORT", 8000),
    dynamoGatewayPort: portFromEnv("DYNAMODB_GATEWAY_PORT", 8001),
    smtpPort: portFromEnv("SMTP_PORT", 1025),
    kmsPort: portFromEnv("KMS_PORT", 8084),
    sesPort: portFromEnv("SES_PORT", 8085),
    s3Port: portFromEnv("S3_PORT", 8086),
    cognitoPort: portFromEnv("COGNITO_PORT", 8087),
    forceSynth: values.synth === true,
    functions: functionsMode(process.env.LOCAL_FUNCTIONS),
  });
  const startupMs = Math.round(process.uptime() * 1000);
  for (const line of stack.serviceLines()) console.log(line);
  console.log(
    `Started in ${startupMs} ms (template ${stack.timings.template} in ${stack.timings.phases.template} ms, bundles ${stack.timings.bundles} in ${stack.timings.phases.bundles} ms)`,
  );
  console.log(
    `LOCAL_STACK_READY ${JSON.stringify({
      pid: process.pid,
      dataDir: stack.dataDir,
      ports: stack.ports,
      urls: stack.urls,
      template: stack.timings.template,
      bundles: stack.timings.bundles,
      templateFile: stack.templateFile,
      phasesMs: stack.timings.phases,
      startupMs,
    })}`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`local stack: ${signal}, stopping`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // Started by a test harness: stop when it is gone, so a crashed test run leaks nothing.
  const parent = Number(process.env.LOCAL_STACK_PARENT_PID ?? "");
  if (Number.isInteger(parent) && parent > 0) {
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch {
        shutdown("SIGTERM");
      }
    }, 1000).unref();
  }
} catch (error) {
  console.error("local stack failed to start:", error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
}
