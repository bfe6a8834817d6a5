/**
 * The REPORT line Lambda writes after every invocation ("Lambda function logging in Node.js"):
 * `REPORT RequestId: <id>	Duration: 12.34 ms	Billed Duration: 13 ms	Memory Size: 512 MB
 * Max Memory Used: 61 MB	Init Duration: 150.12 ms`, Init Duration only after a cold start.
 * Billed Duration is the duration rounded up to the millisecond; since 1 August 2025 it
 * includes the Init phase of on-demand functions on managed runtimes too ("AWS Lambda
 * standardizes billing for INIT Phase", AWS Compute Blog).
 */
export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  /** Lambda adds `Status: timeout` (or `error`) when the environment did not finish. */
  status?: "timeout" | "error";
}

export function reportLine(f: ReportFields): string {
  const billed = Math.ceil(f.durationMs + (f.initDurationMs ?? 0));
  return [
    `REPORT RequestId: ${f.requestId}`,
    `Duration: ${f.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billed} ms`,
    `Memory Size: ${f.memorySizeMb} MB`,
    `Max Memory Used: ${Math.max(1, Math.round(f.maxMemoryUsedMb))} MB`,
    ...(f.initDurationMs !== undefined ? [`Init Duration: ${f.initDurationMs.toFixed(2)} ms`] : []),
    ...(f.status ? [`Status: ${f.status}`] : []),
  ].join("\t");
}
