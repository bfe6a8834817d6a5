/**
 * What a benchmark reads from the running local stack: the functions' DynamoDB usage counted by
 * the stack's DynamoDB gateway, the resident memory of the stack's processes (its function
 * instances and DynamoDB Local's JVM included), and the Step Functions executions' state
 * transitions and Lambda invocations.
 */
import { readdir, readFile } from "node:fs/promises";
import {
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";

import type { DynamoUsage } from "../../local/aws/dynamodb-usage.ts";

export type { DynamoUsage };

export async function usage(apiUrl: string, reset = false): Promise<DynamoUsage> {
  const res = await fetch(`${apiUrl}/_local/faults/usage`, { method: reset ? "DELETE" : "GET" });
  return (await res.json()) as DynamoUsage;
}

/** Sum of VmRSS (kB) of every process in the process group `pgid` (the stack and its JVM). */
export async function groupRssKb(pgid: number): Promise<{ rssKb: number; hwmKb: number }> {
  let rssKb = 0;
  let hwmKb = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      rssKb += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      hwmKb += Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return { rssKb, hwmKb };
}

/** Samples the group's RSS every `ms` until stopped; returns the peak of the sum (MB). */
export function memorySampler(pgid: number, ms = 250) {
  let peakKb = 0;
  let hwmKb = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const m = await groupRssKb(pgid);
      peakKb = Math.max(peakKb, m.rssKb);
      hwmKb = Math.max(hwmKb, m.hwmKb);
      await new Promise((r) => setTimeout(r, ms));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peakRssMb: Math.round(peakKb / 1024), sumOfPeaksMb: Math.round(hwmKb / 1024) };
    },
  };
}

export interface WorkflowFigures {
  executions: number;
  stateTransitionsPerExecution: number;
  lambdaInvocationsPerExecution: number;
  /** Mean wall time of a workflow Lambda invocation, from the history's timestamps. */
  lambdaMeanMs: number;
}

/** Reads the histories of the named executions (`<proposalId>-1`). */
export async function workflowFigures(
  sfnUrl: string,
  proposalIds: string[],
): Promise<WorkflowFigures> {
  const sfn = new SFNClient({
    endpoint: sfnUrl,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const machines = await sfn.send(new ListStateMachinesCommand({}));
  const machine = machines.stateMachines?.find((m) => /Lifecycle/i.test(m.name ?? ""));
  if (!machine?.stateMachineArn) throw new Error("no lifecycle state machine");
  const execPrefix = machine.stateMachineArn.replace(":stateMachine:", ":execution:");
  let transitions = 0;
  let invocations = 0;
  let lambdaMs = 0;
  let timed = 0;
  for (const id of proposalIds) {
    const events: { type?: string; timestamp?: Date }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: `${execPrefix}:${id}-1`, nextToken }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    for (const [i, e] of events.entries()) {
      if (e.type?.endsWith("StateEntered")) transitions++;
      if (e.type === "LambdaFunctionScheduled" || e.type === "TaskScheduled") {
        invocations++;
        const end = events
          .slice(i + 1)
          .find((x) =>
            /^(TaskSubmitted|TaskSucceeded|TaskFailed|LambdaFunctionSucceeded|LambdaFunctionFailed)$/.test(
              x.type ?? "",
            ),
          );
        if (end?.timestamp && e.timestamp) {
          lambdaMs += end.timestamp.getTime() - e.timestamp.getTime();
          timed++;
        }
      }
    }
  }
  sfn.destroy();
  const n = Math.max(1, proposalIds.length);
  return {
    executions: proposalIds.length,
    stateTransitionsPerExecution: transitions / n,
    lambdaInvocationsPerExecution: invocations / n,
    lambdaMeanMs: timed ? lambdaMs / timed : 0,
  };
}
