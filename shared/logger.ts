/**
 * Structured JSON logs, one line each, in the shape of Powertools for AWS Lambda's Logger (the
 * fields CloudWatch Logs Insights queries and the alarms read): the level, message, service,
 * timestamp, the Lambda context (function name, ARN, memory, request id, cold start), the X-Ray
 * trace id, the correlation id (the API Gateway request id, shared/observability.ts) and the
 * proposal id where one is known.
 *
 * Why not Powertools' Logger itself: importing it loads node:crypto and building it opens
 * process.stdout, about 15 ms of every function's cold start (docs/performance.md) for a
 * request that, most often, writes no line at all. This one opens the stream at its first line.
 *
 * Privacy: callers pass ids and codes only — never request bodies, names, ID numbers, phone
 * numbers or addresses (survivors' and savings-group members' data must not reach logs). The
 * fields are flat scalars by type, and as a second line of defence every key that names
 * personal data is replaced by "[redacted]" at any depth, whatever a caller or a library
 * passes (the replacer runs on the whole log item). The incoming event is never logged: an
 * event carries the request body.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Keys whose value would be personal data (lower case, compared case-insensitively). */
export const PERSONAL_LOG_KEYS: ReadonlySet<string> = new Set([
  // people: survivors (shared/privacy), savings-group members and hosts (shared/registry), users
  "name",
  "fullname",
  "membername",
  "members",
  "host",
  "hostname",
  "accountname",
  "email",
  "phone",
  "idnumber",
  "address",
  "story",
  "birthyear",
  "dateofbirth",
  "personal",
  // what carries them: request bodies, headers (cookies, tokens)
  "body",
  "headers",
  "cookies",
  "authorization",
]);

export const REDACTED = "[redacted]";

/** The JSON replacer of every log item: personal keys never reach the line. */
export function redactPersonal(key: string, value: unknown): unknown {
  return key !== "" && PERSONAL_LOG_KEYS.has(key.toLowerCase()) ? REDACTED : value;
}

const LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
type Level = (typeof LEVELS)[number];
const levelOf = (raw: string | undefined): Level => {
  const up = raw?.toUpperCase();
  return (LEVELS as readonly string[]).includes(up ?? "") ? (up as Level) : "INFO";
};

/** What a log line says of the invocation (the Lambda context's fields Powertools writes). */
export interface InvocationContext {
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string | number;
  awsRequestId: string;
}

type Fields = Record<string, unknown>;

const RANK: Record<Level, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/** The X-Ray trace id of the invocation (Lambda sets _X_AMZN_TRACE_ID per invocation). */
const traceId = (): string | undefined =>
  process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1] ?? undefined;

/**
 * The one logger of a function (service from POWERTOOLS_SERVICE_NAME, level from
 * POWERTOOLS_LOG_LEVEL, LOG_LEVEL or AWS_LAMBDA_LOG_LEVEL). Keys appended during an invocation
 * last until `resetKeys` (the observability middleware calls it when the invocation ends).
 */
export class JsonLogger {
  readonly level: Level = levelOf(
    process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL,
  );
  private readonly service = process.env.POWERTOOLS_SERVICE_NAME || "service_undefined";
  private context: Fields = {};
  private keys: Fields = {};
  private invocations = 0;

  /** The Lambda context of the invocation that starts (cold_start: the first one only). */
  addContext(c: InvocationContext): void {
    this.invocations++;
    this.context = {
      cold_start: this.invocations === 1,
      function_arn: c.invokedFunctionArn,
      function_memory_size: Number(c.memoryLimitInMB),
      function_name: c.functionName,
      function_request_id: c.awsRequestId,
    };
  }

  setCorrelationId(id: string): void {
    this.keys.correlation_id = id;
  }

  appendKeys(keys: Fields): void {
    Object.assign(this.keys, keys);
  }

  /** Forgets the invocation's keys and context, so that none reaches the next one's lines. */
  resetKeys(): void {
    this.keys = {};
    this.context = {};
  }

  debug(message: string, fields?: Fields): void {
    this.write("DEBUG", message, fields);
  }
  info(message: string, fields?: Fields): void {
    this.write("INFO", message, fields);
  }
  warn(message: string, fields?: Fields): void {
    this.write("WARN", message, fields);
  }
  error(message: string, fields?: Fields): void {
    this.write("ERROR", message, fields);
  }

  private write(level: Level, message: string, fields: Fields | undefined): void {
    if (RANK[level] < RANK[this.level]) return;
    const trace = traceId();
    const item = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.context,
      ...(trace ? { xray_trace_id: trace } : {}),
      ...this.keys,
      ...fields,
    };
    const line = `${JSON.stringify(item, redactPersonal)}\n`;
    // As Powertools' Console: warnings and errors on stderr, the rest on stdout.
    (RANK[level] >= RANK.WARN ? process.stderr : process.stdout).write(line);
  }
}

/** The one structured logger of a function. */
export const structuredLogger = new JsonLogger();

const clean = (fields: LogFields | undefined): LogFields =>
  Object.fromEntries(Object.entries(fields ?? {}).filter(([, v]) => v !== undefined));

export const logger = {
  debug: (m: string, f?: LogFields) => structuredLogger.debug(m, clean(f)),
  info: (m: string, f?: LogFields) => structuredLogger.info(m, clean(f)),
  warn: (m: string, f?: LogFields) => structuredLogger.warn(m, clean(f)),
  error: (m: string, f?: LogFields) => structuredLogger.error(m, clean(f)),
};
