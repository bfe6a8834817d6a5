/**
 * Structured JSON logs, one line each, through Powertools for AWS Lambda's Logger: the level,
 * message, service, timestamp, the Lambda context (function name, request id, cold start),
 * the correlation id (the API Gateway request id, shared/observability.ts) and the proposal id
 * where one is known.
 *
 * Privacy: callers pass ids and codes only — never request bodies, names, ID numbers, phone
 * numbers or addresses (survivors' and savings-group members' data must not reach logs). The
 * fields are flat scalars by type, and as a second line of defence every key that names
 * personal data is replaced by "[redacted]" at any depth, whatever a caller or a library
 * passes (the replacer runs on the whole log item). Logging the incoming event
 * (POWERTOOLS_LOGGER_LOG_EVENT) is switched off in code: an event carries the request body.
 */
import { Logger } from "@aws-lambda-powertools/logger";

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

/** The one Powertools Logger of a function (service from POWERTOOLS_SERVICE_NAME). */
export const powertoolsLogger = new Logger({
  logLevel: levelOf(process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL),
  jsonReplacerFn: redactPersonal,
});

const clean = (fields: LogFields | undefined): LogFields =>
  Object.fromEntries(Object.entries(fields ?? {}).filter(([, v]) => v !== undefined));

export const logger = {
  debug: (m: string, f?: LogFields) => powertoolsLogger.debug(m, clean(f)),
  info: (m: string, f?: LogFields) => powertoolsLogger.info(m, clean(f)),
  warn: (m: string, f?: LogFields) => powertoolsLogger.warn(m, clean(f)),
  error: (m: string, f?: LogFields) => powertoolsLogger.error(m, clean(f)),
};
