import type { AwsHistoryEvent } from "./history.ts";
import type { Runtime } from "./runtime.ts";

/** Read-only HTML pages over the runtime: the execution list and one execution's history. */
const esc = (v: unknown): string =>
  String(v ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const iso = (d: Date | number | undefined): string =>
  d === undefined ? "" : new Date(d).toISOString().replace("T", " ").replace("Z", " UTC");

function pretty(json: string | undefined): string {
  if (json === undefined) return "";
  try {
    return esc(JSON.stringify(JSON.parse(json), null, 2));
  } catch {
    return esc(json);
  }
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
pre{margin:0;max-height:18rem;overflow:auto;font-size:12px;white-space:pre-wrap}.RUNNING{color:#0a58ca}.SUCCEEDED{color:#198754}
.FAILED,.TIMED_OUT,.ABORTED{color:#b02a37}.err{color:#b02a37}a{color:#0a58ca}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export async function renderExecutionList(runtime: Runtime): Promise<string> {
  let body = "<h1>Step Functions (local)</h1>";
  const { stateMachines } = runtime.listStateMachines();
  if (stateMachines.length === 0) body += "<p>No state machine is registered.</p>";
  for (const sm of stateMachines) {
    const { executions } = await runtime.listExecutions({
      stateMachineArn: sm.stateMachineArn,
      maxResults: 1000,
    });
    body += `<h2>${esc(sm.name)}</h2><p><code>${esc(sm.stateMachineArn)}</code></p>`;
    if (executions.length === 0) {
      body += "<p>No executions.</p>";
      continue;
    }
    body += "<table><tr><th>Execution</th><th>Status</th><th>Started</th><th>Stopped</th></tr>";
    for (const e of executions) {
      body += `<tr><td><a href="/executions/${encodeURIComponent(e.executionArn)}">${esc(e.name)}</a></td><td class="${esc(e.status)}">${esc(e.status)}</td><td>${iso(e.startDate)}</td><td>${iso(e.stopDate)}</td></tr>`;
    }
    body += "</table>";
  }
  return layout("Step Functions executions", body);
}

interface Visit {
  name: string;
  type: string;
  entered: Date;
  input?: string;
  output?: string;
  notes: string[];
}

/** Groups the history into the states visited, with their input, output and errors. */
export function statesVisited(events: AwsHistoryEvent[]): Visit[] {
  const visits: Visit[] = [];
  const open = new Map<string, Visit>();
  let last: Visit | undefined;
  for (const e of events) {
    const entered = e.stateEnteredEventDetails as { name: string; input?: string } | undefined;
    const exited = e.stateExitedEventDetails as { name: string; output?: string } | undefined;
    if (entered) {
      last = {
        name: entered.name,
        type: e.type.replace("StateEntered", ""),
        entered: e.timestamp,
        input: entered.input,
        notes: [],
      };
      visits.push(last);
      open.set(entered.name, last);
    } else if (exited) {
      const v = open.get(exited.name);
      if (v) v.output = exited.output;
    } else {
      const d = Object.entries(e).find(([k]) => k.endsWith("EventDetails"))?.[1] as
        | { error?: string; cause?: string }
        | undefined;
      if (d?.error !== undefined && last)
        last.notes.push(`${e.type}: ${d.error}${d.cause ? ` — ${d.cause}` : ""}`);
      else if (
        last &&
        /^(TaskScheduled|TaskSubmitted|LambdaFunctionScheduled|MapStateStarted|ParallelStateStarted)$/.test(
          e.type,
        )
      )
        last.notes.push(e.type);
    }
  }
  return visits;
}

export async function renderExecution(runtime: Runtime, arn: string): Promise<string | undefined> {
  const found = await runtime.inspect(arn);
  if (!found) return undefined;
  const d = await runtime.describeExecution(arn);
  const { events } = await runtime.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
  let body = `<p><a href="/">All executions</a></p><h1>${esc(d.name)}</h1>`;
  body += `<table><tr><th>Status</th><td class="${esc(d.status)}">${esc(d.status)}</td></tr><tr><th>ARN</th><td><code>${esc(d.executionArn)}</code></td></tr>`;
  body += `<tr><th>Started</th><td>${iso(d.startDate)}</td></tr><tr><th>Stopped</th><td>${iso(d.stopDate)}</td></tr>`;
  body += `<tr><th>Input</th><td><pre>${pretty(d.input)}</pre></td></tr>`;
  if (d.output !== undefined)
    body += `<tr><th>Output</th><td><pre>${pretty(d.output)}</pre></td></tr>`;
  if (d.error !== undefined || d.cause !== undefined)
    body += `<tr><th>Error</th><td class="err">${esc(d.error)}<pre>${esc(d.cause)}</pre></td></tr>`;
  body += "</table><h2>Timers pending</h2>";
  if (found.timers.length === 0) body += "<p>None.</p>";
  else {
    body += "<table><tr><th>State</th><th>Kind</th><th>Due</th></tr>";
    for (const t of found.timers)
      body += `<tr><td>${esc(t.state)}</td><td>${esc(t.kind)}</td><td>${iso(t.dueMs)}</td></tr>`;
    body += "</table>";
  }
  body +=
    "<h2>States visited</h2><table><tr><th>#</th><th>State</th><th>Type</th><th>Entered</th><th>Input</th><th>Output</th><th>Events, errors</th></tr>";
  statesVisited(events).forEach((v, i) => {
    body += `<tr><td>${i + 1}</td><td>${esc(v.name)}</td><td>${esc(v.type)}</td><td>${iso(v.entered)}</td><td><pre>${pretty(v.input)}</pre></td><td><pre>${pretty(v.output)}</pre></td><td class="${v.notes.some((n) => n.includes(":")) ? "err" : ""}">${v.notes.map(esc).join("<br>")}</td></tr>`;
  });
  body +=
    "</table><h2>History</h2><table><tr><th>Id</th><th>Time</th><th>Type</th><th>Details</th></tr>";
  for (const e of events) {
    const det = Object.entries(e).find(([k]) => k.endsWith("EventDetails"))?.[1];
    body += `<tr><td>${e.id}</td><td>${iso(e.timestamp)}</td><td>${esc(e.type)}</td><td><pre>${det ? esc(JSON.stringify(det, null, 1)) : ""}</pre></td></tr>`;
  }
  body += "</table>";
  return layout(`Execution ${d.name}`, body);
}
