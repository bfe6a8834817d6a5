/**
 * Structured JSON logs, one line each. Callers pass ids and codes only: never request bodies,
 * names, ID numbers, phone numbers or addresses (survivors' data must not reach logs).
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = ORDER[(process.env.LOG_LEVEL as Level | undefined) ?? "info"] ?? 20;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

function write(level: Level, message: string, fields?: LogFields): void {
  if (ORDER[level] < threshold) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...fields });
  if (level === "error" || level === "warn") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const logger = {
  debug: (m: string, f?: LogFields) => write("debug", m, f),
  info: (m: string, f?: LogFields) => write("info", m, f),
  warn: (m: string, f?: LogFields) => write("warn", m, f),
  error: (m: string, f?: LogFields) => write("error", m, f),
};
