/**
 * Prints an execution's history as text, from any Step Functions endpoint (the local runtime or AWS).
 *
 *   tsx bin/sfn-view.ts --endpoint http://127.0.0.1:8083 <executionArn>
 *   (npm run sfn:view -- ... from the repository root; the endpoint defaults to
 *   $AWS_ENDPOINT_URL_SFN; --region defaults to ap-southeast-1)
 */
import { pathToFileURL } from "node:url";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from "@aws-sdk/client-sfn";

const short = (s: string | undefined, max = 160) =>
  s === undefined ? "" : s.length > max ? `${s.slice(0, max - 1)}…` : s;

/** One line per event: id, time since start, type, state name and the interesting details. */
export function formatHistory(
  d: Pick<
    DescribeExecutionCommandOutput,
    "name" | "status" | "executionArn" | "startDate" | "stopDate" | "error" | "cause" | "output"
  >,
  events: HistoryEvent[],
): string {
  const lines = [
    `${d.name}  ${d.status}`,
    `  arn      ${d.executionArn}`,
    `  started  ${d.startDate?.toISOString() ?? ""}${d.stopDate ? `   stopped ${d.stopDate.toISOString()}` : ""}`,
  ];
  if (d.error !== undefined || d.cause !== undefined)
    lines.push(`  error    ${d.error ?? ""}: ${short(d.cause)}`);
  if (d.output !== undefined) lines.push(`  output   ${short(d.output)}`);
  lines.push("");
  const t0 = events[0]?.timestamp?.getTime() ?? 0;
  for (const e of events) {
    const details = Object.entries(e).find(([k, v]) => k.endsWith("EventDetails") && v) as
      | [string, Record<string, unknown>]
      | undefined;
    const det = details?.[1] ?? {};
    const parts: string[] = [];
    if (typeof det.name === "string") parts.push(det.name);
    if (typeof det.error === "string") parts.push(`error=${det.error}`);
    if (typeof det.cause === "string" && det.cause) parts.push(`cause=${short(det.cause, 100)}`);
    for (const k of ["input", "output", "parameters"])
      if (typeof det[k] === "string") parts.push(`${k}=${short(det[k] as string, 120)}`);
    if (typeof det.resource === "string") parts.push(`resource=${det.resource}`);
    if (typeof det.index === "number") parts.push(`index=${det.index}`);
    const at = ((e.timestamp?.getTime() ?? t0) - t0) / 1000;
    lines.push(
      `${String(e.id).padStart(4)}  +${at.toFixed(3).padStart(9)}s  ${(e.type ?? "").padEnd(28)} ${parts.join("  ")}`,
    );
  }
  return lines.join("\n");
}

/** Where the CLI writes; the console when run as a script. */
export interface Output {
  log(text: string): void;
  error(text: string): void;
}

/** Runs the CLI; returns its exit status (0 printed, 1 the service answered an error, 2 usage). */
export async function main(argv: string[], out: Output = console): Promise<number> {
  let endpoint = process.env.AWS_ENDPOINT_URL_SFN;
  let region = "ap-southeast-1";
  let arn: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--endpoint") endpoint = argv[++i];
    else if (a === "--region") region = argv[++i] ?? region;
    else arn = a;
  }
  if (!arn || !endpoint) {
    out.error("usage: sfn-view --endpoint <url> <executionArn>");
    return 2;
  }
  const sfn = new SFNClient({
    endpoint,
    region,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000, nextToken }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    out.log(formatHistory(d, events));
    return 0;
  } catch (e) {
    out.error(`${(e as Error).name}: ${(e as Error).message}`);
    return 1;
  } finally {
    sfn.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  process.exitCode = await main(process.argv.slice(2));
