import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ScopedActor } from "../../access/policy.ts";
import { doc, keys } from "../../aws/dynamo.ts";
import type { TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { dynamoDirectory } from "../../directory/adapters/dynamo-directory.ts";
import { dynamoIndicatorLedger } from "../../monitoring/adapters/dynamo-indicator-ledger.ts";
import { disbursementDeltas } from "../../monitoring/domain/deltas.ts";
import { sesMailer } from "../../notifications/adapters/mailer.ts";
import { disbursementDueMail } from "../../notifications/domain/messages.ts";
import { recipients, trySend } from "../../notifications/use-cases/notify.ts";
import {
  dynamoProposalStore,
  loadProposal,
  saveChange,
} from "../../proposals/adapters/dynamo-proposal-store.ts";
import * as lifecycle from "../../proposals/domain/lifecycle.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import { loadAuthorized } from "../../proposals/use-cases/proposals.ts";
import { deliver, outboxItem } from "../../workflow/adapters/outbox.ts";
import { signalTask } from "../../workflow/adapters/sfn-workflow.ts";

const waitKey = (id: string) => ({ pk: `P#${id}`, sk: "W#DISBURSEMENT" });

/**
 * AwaitDisbursement (workflow task, waits for a token): keeps the token until the payment that
 * completes the approved amount, and tells the province's finance officers. If the proposal
 * was already fully paid before this step ran, the wait ends at once.
 */
export async function openDisbursementWait(
  input: { proposalId: string; taskToken: string },
  at: string,
): Promise<void> {
  const p = await loadProposal(input.proposalId);
  if (p.status === "MONITORING" || p.status === "CLOSED") {
    await signalTask(input.taskToken, { disbursedTotal: p.disbursedTotal });
    return;
  }
  const existing = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: waitKey(p.id) }),
  );
  await doc.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { ...waitKey(p.id), token: input.taskToken, since: existing.Item?.since ?? at },
    }),
  );
  if (!existing.Item) {
    const link = `${config.appBaseUrl}/app/proposals/${encodeURIComponent(p.id)}`;
    const summary = {
      reference: p.reference,
      activity: p.activity,
      communeName: p.communeId,
      amount: p.approvedAmount ?? 0,
      dueAt: at,
      link,
    };
    await trySend(
      sesMailer,
      disbursementDueMail(
        summary,
        await recipients(dynamoDirectory, p.provinceId, ["finance_officer"]),
      ),
      "disbursement.due",
      p.reference,
    );
  }
  // Paid in full between our read and the put: end the wait now rather than hang.
  const again = await loadProposal(p.id);
  if (again.status === "MONITORING" || again.status === "CLOSED") {
    await signalTask(input.taskToken, { disbursedTotal: again.disbursedTotal });
  }
}

/**
 * Finance records a payment (tranche).
 * 1. authorize (finance officer of the province); 2. the pure transition refuses more than the
 *    approved amount; 3. one transaction: proposal + audit event + payment record, and when the
 *    payment completes the amount, an outbox signal ending the workflow's wait; 4. deliver it.
 */
export async function recordDisbursement(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  pay: lifecycle.Payment,
): Promise<Proposal> {
  const p = await loadAuthorized(dynamoProposalStore, actor, id, "disbursement.record");
  const change = lifecycle.recordDisbursement(p, pay, tx);
  const seq = p.disbursementCount + 1;
  const extra: TxItem[] = [
    {
      Put: {
        TableName: config.tableName,
        Item: {
          ...keys.disbursement(p.id, seq),
          seq,
          ...pay,
          recordedBy: actor.id,
          recordedAt: tx.at,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
  let outbox: ReturnType<typeof outboxItem> | undefined;
  if (change.next.status === "MONITORING") {
    const wait = await doc.send(
      new GetCommand({ TableName: config.tableName, Key: waitKey(p.id), ConsistentRead: true }),
    );
    if (wait.Item?.token) {
      outbox = outboxItem(tx.at, `${p.id}-disbursed`, String(wait.Item.token), {
        disbursedTotal: change.next.disbursedTotal,
      });
      extra.push(outbox.tx, { Delete: { TableName: config.tableName, Key: waitKey(p.id) } });
    }
  }
  // The amount disbursed counts on its payment date, in the payment's own transaction.
  const counters = dynamoIndicatorLedger.stage(disbursementDeltas(p, pay));
  const { proposal } = await saveChange(p, change, tx, [...extra, ...counters]);
  if (outbox) await deliver(outbox.entry);
  return proposal;
}

export async function fileMonitoringReport(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  report: { period: string; usedAmount: number; progress: string; summary: string },
): Promise<{ proposal: Proposal; reportId: string }> {
  const p = await loadAuthorized(dynamoProposalStore, actor, id, "report.file");
  const reportId = randomUUID();
  const change = lifecycle.fileReport(p, { period: report.period }, tx);
  const { proposal } = await saveChange(p, change, tx, [
    {
      Put: {
        TableName: config.tableName,
        Item: {
          ...keys.report(p.id, tx.at, reportId),
          reportId,
          ...report,
          filedBy: actor.id,
          filedAt: tx.at,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ]);
  return { proposal, reportId };
}

export async function closeProposal(
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  comment?: string,
): Promise<Proposal> {
  const p = await loadAuthorized(dynamoProposalStore, actor, id, "proposal.close");
  return (await saveChange(p, lifecycle.close(p, comment, tx), tx)).proposal;
}
