/** In-memory Outbox and Workflow: entries committed with the change, started executions recorded. */
import type { Outbox, OutboxEntry, Workflow } from "../../../shared/workflow/ports.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

export interface RecordingWorkflow extends Workflow {
  started: { proposalId: string; submissionNo: number }[];
  signals: { token: string; output: unknown }[];
  /** Makes the next start fail, as a crash between commit and StartExecution would. */
  failNextStart(): void;
}

export function memoryWorkflow(): RecordingWorkflow {
  let fail = false;
  const started: RecordingWorkflow["started"] = [];
  const signals: RecordingWorkflow["signals"] = [];
  return {
    started,
    signals,
    failNextStart: () => {
      fail = true;
    },
    async start(proposalId, submissionNo) {
      if (fail) {
        fail = false;
        throw new Error("StartExecution failed");
      }
      if (!started.some((s) => s.proposalId === proposalId && s.submissionNo === submissionNo))
        started.push({ proposalId, submissionNo });
    },
    async signal(token, output) {
      if (signals.some((s) => s.token === token)) return "gone";
      signals.push({ token, output });
      return "delivered";
    },
  };
}

export function memoryOutbox(db: MemoryDb, workflow: Workflow): Outbox {
  const key = (sk: string) => `outbox#${sk}`;
  const stage = (entry: OutboxEntry) => ({
    entry,
    write: memoryWrite(
      (d) => d.put(key(entry.sk), entry),
      (d) => d.get(key(entry.sk)) === undefined,
    ),
  });
  const deliver = async (entry: OutboxEntry) => {
    let outcome: "delivered" | "gone" = "delivered";
    if (entry.kind === "start") await workflow.start(entry.proposalId, entry.submissionNo);
    else outcome = await workflow.signal(entry.token, entry.output);
    db.records.delete(key(entry.sk));
    return outcome;
  };
  return {
    stageStart: (at, proposalId, submissionNo) =>
      stage({
        sk: `${at}#start#${proposalId}-${submissionNo}`,
        kind: "start",
        proposalId,
        submissionNo,
      }),
    stageSignal: (at, id, token, output) => stage({ sk: `${at}#${id}`, token, output }),
    deliver,
    async drain() {
      let n = 0;
      for (const k of db.keys("outbox#")) {
        const entry = db.get<OutboxEntry>(k);
        if (!entry) continue;
        try {
          await deliver(entry);
          n++;
        } catch {
          // left for the next drain, as the sweep does
        }
      }
      return n;
    },
  };
}
