/**
 * Starts the local stack (`local/start.ts`) as a child process for integration tests: free
 * ports, a temporary data folder, and helpers to call the API as a demo user.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ReadyInfo {
  pid: number;
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
    cognito: number;
  };
  urls: Record<
    | "api"
    | "docs"
    | "openapi"
    | "inbox"
    | "login"
    | "health"
    | "clock"
    | "sfn"
    | "sfnExecutions"
    | "dynamodb"
    | "dynamodbGateway"
    | "smtp"
    | "kms"
    | "ses"
    | "s3",
    string
  >;
  template: string;
  bundles: string;
  /** The synthesized templates ({data, api}) the stack read. */
  templateFile?: string;
  phasesMs: Record<string, number>;
  startupMs: number;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed body when it is JSON, otherwise undefined. */
  json: T;
  text: string;
}

export interface ApiOptions {
  /** Demo username: sends `Authorization: Bearer <token for that user>`. */
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StoredMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
  date: string;
}

export interface StackHandle {
  info: ReadyInfo;
  urls: ReadyInfo["urls"];
  dataDir: string;
  /** Everything the stack printed on stdout (service lines, ready line). */
  stdout(): string;
  /** Everything the stack printed on stderr (handler errors): print it when a test fails. */
  stderr(): string;
  api<T = unknown>(method: string, path: string, opts?: ApiOptions): Promise<ApiResponse<T>>;
  /** A bearer token for a demo user (cached per user). */
  token(username: string): Promise<string>;
  /** Moves the stack's clock forward; returns the new now (ISO). */
  advanceClock(seconds: number): Promise<string>;
  mails(): Promise<StoredMail[]>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** SIGKILL of the whole process group, DynamoDB Local's JVM included. */
  kill(): Promise<void>;
  /** Starts again on the same data folder (same ports when they are free). */
  restart(): Promise<void>;
  /** Stops (if running) and deletes the data folder if this handle created it. */
  dispose(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  info: ReadyInfo;
  stdout: string[];
  stderr: string[];
  exited: Promise<void>;
}

/** Ports: 0 means free ports. */
interface Ports {
  http: number;
  sfn: number;
  dynamodb: number;
  dynamodbGateway: number;
  smtp: number;
  kms: number;
  ses: number;
  s3: number;
  cognito: number;
}

/**
 * Start-up takes seconds, but two test files start stacks at once on two cores, beside the
 * heaviest drills (100,000 audit events, kill -9 loops): allow for a loaded machine.
 */
const READY_TIMEOUT_MS = 240_000;

const FREE: Ports = {
  http: 0,
  sfn: 0,
  dynamodb: 0,
  dynamodbGateway: 0,
  smtp: 0,
  kms: 0,
  ses: 0,
  s3: 0,
  cognito: 0,
};

/** SIGKILL to the stack's whole process group: Node, the JVM and the JVM's watchdog. */
function killGroup(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function launch(dataDir: string, ports: Ports, extraEnv: Record<string, string>): Promise<Running> {
  // node --import tsx instead of `npx tsx`: one process, so signals reach the stack directly.
  const child = spawn(process.execPath, ["--import", "tsx", "local/start.ts"], {
    cwd: ROOT,
    // Own process group: kill() can SIGKILL the stack and its JVM together.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      LOCAL_DATA_DIR: dataDir,
      PORT: String(ports.http),
      SFN_PORT: String(ports.sfn),
      DYNAMODB_PORT: String(ports.dynamodb),
      DYNAMODB_GATEWAY_PORT: String(ports.dynamodbGateway),
      SMTP_PORT: String(ports.smtp),
      KMS_PORT: String(ports.kms),
      SES_PORT: String(ports.ses),
      S3_PORT: String(ports.s3),
      COGNITO_PORT: String(ports.cognito),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Tests run at a fixed instant, under Circular 55/2023, whatever day the suite runs.
      LOCAL_CLOCK_START: process.env.LOCAL_CLOCK_START ?? "2026-06-01T01:00:00.000Z",
      // The stack stops itself if this test process dies without stopping it.
      LOCAL_STACK_PARENT_PID: String(process.pid),
      // Every test runs the deployed bundles under IAM enforcement, whatever the shell says.
      LOCAL_IAM: "enforce",
      LOCAL_FUNCTIONS: "bundle",
      ...extraEnv,
    },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => {
      fail(new Error(`the local stack did not become ready within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The child's stderr only shows up when something went wrong.
      process.stderr.write(
        `--- local stack stdout (tail) ---\n${stdout.join("").slice(-2000)}\n--- local stack stderr ---\n${stderr.join("")}\n---\n`,
      );
      if (child.exitCode === null) killGroup(child);
      reject(error);
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr.push(chunk.toString());
      // LOCAL_STACK_LOG=1 streams the stack's stderr while debugging a test.
      if (process.env.LOCAL_STACK_LOG === "1") process.stderr.write(chunk);
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout.push(text);
      buffer += text;
      // Only complete lines: under load the ready line can arrive split across chunks.
      const complete = buffer.slice(0, buffer.lastIndexOf("\n") + 1);
      const line = complete.split("\n").find((l) => l.startsWith("LOCAL_STACK_READY "));
      if (line && !settled) {
        settled = true;
        clearTimeout(timer);
        buffer = "";
        resolve({
          child,
          info: JSON.parse(line.slice("LOCAL_STACK_READY ".length)) as ReadyInfo,
          stdout,
          stderr,
          exited,
        });
      }
    });
    child.once("exit", (code, signal) => {
      fail(new Error(`the local stack exited before it was ready (code ${code}, ${signal})`));
    });
  });
}

/** Starts the local stack in a child process on free ports and a fresh temporary data dir. */
export async function startStack(
  opts: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<StackHandle> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), "p8-stack-")));
  const env = opts.env ?? {};
  let running: Running | undefined = await launch(dataDir, FREE, env);
  let lastPorts: Ports = running.info.ports;
  const tokens = new Map<string, string>();

  const current = () => {
    if (!running) throw new Error("the local stack is not running");
    return running;
  };
  const url = (p: string) => `${current().info.urls.api}${p}`;

  const handle: StackHandle = {
    get info() {
      return current().info;
    },
    get urls() {
      return current().info.urls;
    },
    dataDir,
    stdout: () => current().stdout.join(""),
    stderr: () => current().stderr.join(""),
    async token(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await fetch(url("/_local/auth/token"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username }),
      });
      const body = (await res.json()) as { token?: string; message?: string };
      if (!res.ok || !body.token) throw new Error(`no token for ${username}: ${body.message}`);
      tokens.set(username, body.token);
      return body.token;
    },
    async api(method, p, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${await handle.token(o.token)}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
        headers["content-type"] ??= "application/json";
      }
      const res = await fetch(url(p), { method, headers, ...(body ? { body } : {}) });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json: json as never, text };
    },
    async advanceClock(seconds) {
      const res = await handle.api<{ now: string }>("POST", "/_local/clock", {
        body: { advanceSeconds: seconds },
      });
      if (res.status !== 200) throw new Error(`clock advance failed: ${res.status} ${res.text}`);
      return res.json.now;
    },
    async mails() {
      return (await handle.api<StoredMail[]>("GET", "/_local/mail.json")).json;
    },
    async stop() {
      if (!running) return;
      const { child, exited } = running;
      running = undefined;
      child.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(child), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running) return;
      const { child, exited } = running;
      running = undefined;
      killGroup(child);
      await exited;
    },
    async restart() {
      await handle.stop();
      try {
        running = await launch(dataDir, lastPorts, env);
      } catch {
        // A port was taken meanwhile: free ports will do.
        running = await launch(dataDir, FREE, env);
      }
      lastPorts = running.info.ports;
    },
    async dispose() {
      await handle.stop();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
