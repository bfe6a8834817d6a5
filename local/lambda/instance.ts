/**
 * One local Lambda execution environment: a child process on Node.js 22 (the `node@22`
 * package's binary, as Lambda's nodejs22.x runtime), with only the function's environment,
 * its memory size as the V8 heap limit, and one invocation at a time. Init runs on the first
 * invocation (a cold start); an instance that times out or crashes is discarded, as Lambda
 * discards its environment.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** An error a function invocation ended with; `name` is Lambda's errorType. */
export class LambdaInvocationError extends Error {
  readonly errorType: string;
  readonly trace: string[];
  constructor(payload: LambdaErrorPayload) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.errorType = payload.errorType;
    this.trace = payload.trace ?? [];
  }
}

export interface InstanceSpec {
  nodeBinary: string;
  bootstrap: string;
  /** `node` flags before the bootstrap (heap limit, `--import tsx` in source mode). */
  execArgv: readonly string[];
  /** The module file and its exported handler name. */
  module: string;
  exportName: string;
  env: Record<string, string>;
  cwd: string;
}

export interface InvocationOutcome {
  ok: boolean;
  result?: unknown;
  error?: LambdaErrorPayload;
  durationMs: number;
  maxMemoryMb: number;
  /** Set on the instance's first invocation. */
  initMs?: number;
}

type Message =
  | { type: "ready"; initMs: number; maxMemoryMb: number }
  | { type: "init-error"; error: LambdaErrorPayload; initMs: number }
  | {
      type: "result";
      id: string;
      ok: boolean;
      result?: unknown;
      error?: LambdaErrorPayload;
      durationMs: number;
      maxMemoryMb: number;
    }
  | { type: "crash"; id?: string; error: LambdaErrorPayload };

/** Lambda's limit on the Init phase of an on-demand function. */
const INIT_LIMIT_MS = 10_000;

export class LambdaInstance {
  private child: ChildProcess | undefined;
  private initMs: number | undefined;
  private ready: Promise<void> | undefined;
  private pending:
    | { id: string; resolve: (o: InvocationOutcome) => void; reject: (e: Error) => void }
    | undefined;
  private seq = 0;
  private reportedInit = false;
  busy = false;
  dead = false;
  lastUsedMs = Date.now();

  constructor(private readonly spec: InstanceSpec) {}

  /** Spawns the process and imports the code (Lambda's Init phase), once. */
  start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = spawn(
        this.spec.nodeBinary,
        [...this.spec.execArgv, this.spec.bootstrap, this.spec.module, this.spec.exportName],
        {
          cwd: this.spec.cwd,
          env: this.spec.env,
          // The function's logs go to the stack's own stdout and stderr, line by line as written.
          stdio: ["ignore", "inherit", "inherit", "ipc"],
          serialization: "json",
        },
      );
      this.child = child;
      const timer = setTimeout(() => {
        this.kill();
        reject(
          new LambdaInvocationError({
            errorType: "Runtime.InitTimeout",
            errorMessage: `Init did not finish within ${INIT_LIMIT_MS / 1000} seconds`,
          }),
        );
      }, INIT_LIMIT_MS);
      child.on("message", (raw: unknown) => {
        const msg = raw as Message;
        if (msg.type === "ready") {
          clearTimeout(timer);
          this.initMs = msg.initMs;
          resolve();
        } else if (msg.type === "init-error") {
          clearTimeout(timer);
          this.dead = true;
          reject(new LambdaInvocationError(msg.error));
        } else if (msg.type === "result" && this.pending?.id === msg.id) {
          const p = this.pending;
          this.pending = undefined;
          p.resolve({
            ok: msg.ok,
            durationMs: msg.durationMs,
            maxMemoryMb: msg.maxMemoryMb,
            ...(msg.ok ? { result: msg.result } : msg.error ? { error: msg.error } : {}),
          });
        } else if (msg.type === "crash") {
          this.dead = true;
          const p = this.pending;
          this.pending = undefined;
          p?.reject(new LambdaInvocationError(msg.error));
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        this.dead = true;
        const error = new LambdaInvocationError({
          errorType: "Runtime.ExitError",
          errorMessage: `RequestId: ${this.pending?.id ?? "-"} Error: Runtime exited with error: ${
            signal ? `signal: ${signal}` : `exit status ${code}`
          }`,
        });
        reject(error);
        const p = this.pending;
        this.pending = undefined;
        p?.reject(error);
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        this.dead = true;
        reject(error);
      });
    });
    return this.ready;
  }

  /**
   * Runs one invocation. Resolves with the handler's outcome (its result, or the error it
   * threw as Lambda reports it); rejects when the instance itself failed (init, crash, exit).
   */
  async invoke(req: {
    requestId: string;
    event: unknown;
    deadlineMs: number;
    clockOffsetMs: number;
    traceId: string;
  }): Promise<InvocationOutcome> {
    this.busy = true;
    try {
      await this.start();
      const child = this.child;
      if (!child || this.dead) {
        throw new LambdaInvocationError({
          errorType: "Runtime.ExitError",
          errorMessage: "the instance is gone",
        });
      }
      const id = `${req.requestId}#${++this.seq}`;
      const outcome = await new Promise<InvocationOutcome>((resolve, reject) => {
        this.pending = { id, resolve, reject };
        child.send({ type: "invoke", id, ...req });
      });
      const first = !this.reportedInit;
      this.reportedInit = true;
      return first && this.initMs !== undefined ? { ...outcome, initMs: this.initMs } : outcome;
    } finally {
      this.busy = false;
      this.lastUsedMs = Date.now();
    }
  }

  /** SIGKILL: Lambda freezes and discards an environment, it does not shut it down politely. */
  kill(): void {
    this.dead = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
    }
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}
