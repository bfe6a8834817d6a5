/** In-memory Outbox and Workflow: entries committed with the change, started executions recorded. */
import type {
  ExecutionStatus,
  ExecutionWatch,
  Outbox,
  OutboxEntry,
  WatchedProposal,
  Workflow,
} from "../../../shared/workflow/ports.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

export interface RecordingWorkflow extends Workflow {
  started: { proposalId: string; submissionNo: number }[];
  /** Executions started by name (repairs), with their input. */
  resumed: { name: string; input: Record<string, unknown> }[];
  signals: { token: string; output: unknown }[];
  /** Executions a stop reached while they ran, by name. */
  stopped: string[];
  /** The status of each execution by name ("NONE" when never started). */
  executions: Map<string, ExecutionStatus>;
  /** Makes the next start fail, as a crash between commit and StartExecution would. */
  failNextStart(): void;
}

export function memoryWorkflow(): RecordingWorkflow {
  let fail = false;
  const started: RecordingWorkflow["started"] = [];
  const resumed: RecordingWorkflow["resumed"] = [];
  const signals: RecordingWorkflow["signals"] = [];
  const stopped: string[] = [];
  const executions = new Map<string, ExecutionStatus>();
  return {
    started,
    resumed,
    signals,
    stopped,
    executions,
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
      executions.set(`${proposalId}-${submissionNo}`, "RUNNING");
    },
    async resume(name, input) {
      if (executions.has(name)) return;
      resumed.push({ name, input });
      executions.set(name, "RUNNING");
    },
    async status(name) {
      return executions.get(name) ?? "NONE";
    },
    async stop(name) {
      const status = executions.get(name);
      if (!status) return "none";
      if (status === "RUNNING") {
        executions.set(name, "ABORTED");
        stopped.push(name);
      }
      return "stopped";
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

/** The in-memory execution watch, kept by the in-memory proposal store (`watch#<id>`). */
export function memoryExecutionWatch(db: MemoryDb): ExecutionWatch {
  const key = (id: string) => `watch#${id}`;
  return {
    async due(checkedBefore, limit) {
      return db
        .keys("watch#")
        .map((k) => db.get<WatchedProposal>(k) as WatchedProposal)
        .filter((w) => w.since < checkedBefore && (!w.checkedAt || w.checkedAt < checkedBefore))
        .sort((a, b) => (a.checkedAt ?? a.since).localeCompare(b.checkedAt ?? b.since))
        .slice(0, limit);
    },
    async checked(id, at) {
      const w = db.get<WatchedProposal>(key(id));
      if (w) db.put(key(id), { ...w, checkedAt: at });
    },
    async repaired(w, executionName, at) {
      const now = db.get<WatchedProposal>(key(w.proposalId));
      if (now?.executionName !== w.executionName || now.submissionNo !== w.submissionNo)
        return false;
      db.put(key(w.proposalId), { ...now, executionName, repairs: w.repairs + 1, checkedAt: at });
      return true;
    },
  };
}
