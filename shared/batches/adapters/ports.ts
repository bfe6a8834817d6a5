/** The DynamoDB, KMS and Step Functions ports the batch handlers compose. */
import { dynamoAuditLog } from "../../audit/adapters/dynamo-audit-log.ts";
import { dynamoDirectory } from "../../directory/adapters/dynamo-directory.ts";
import { dynamoNormSets, dynamoNormUsage } from "../../norms/adapters/dynamo-norm-ports.ts";
import { kmsCipher } from "../../privacy/adapters/personal-data-cipher.ts";
import { pseudonymKey } from "../../privacy/adapters/pseudonym-key.ts";
import { dynamoProposalStore } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { dynamoRegistryStore } from "../../registry/adapters/dynamo-registry-store.ts";
import { registryForProposals } from "../../registry/use-cases/for-proposals.ts";
import { dynamoTaskStore } from "../../review/adapters/dynamo-task-store.ts";
import { dynamoOutbox } from "../../workflow/adapters/outbox.ts";
import { sfnWorkflow } from "../../workflow/adapters/sfn-workflow.ts";
import { dynamoBatchStore } from "./dynamo-batch-store.ts";

/** Reading a batch: the batch, its members, the norm sets and usage for the check as of now. */
export const batchReadPorts = () => ({
  batches: dynamoBatchStore,
  proposals: dynamoProposalStore,
  normSets: dynamoNormSets,
  usage: dynamoNormUsage,
  directory: dynamoDirectory,
});

/** Creating a batch and its member drafts (KMS: each A3 member's pseudonym). */
export const batchDraftingPorts = () => ({
  ...batchReadPorts(),
  cipher: kmsCipher,
  pseudonyms: pseudonymKey(),
  registry: registryForProposals(dynamoRegistryStore),
});

/** Submitting: drafting's ports (a member still missing is written first), outbox, workflow. */
export const batchSubmissionPorts = () => ({
  ...batchDraftingPorts(),
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
});

/** Deciding: reading's ports, the review tasks, the outbox and workflow signal, the audit log. */
export const batchDecisionPorts = () => ({
  ...batchReadPorts(),
  tasks: dynamoTaskStore,
  outbox: dynamoOutbox,
  workflow: sfnWorkflow,
  audit: dynamoAuditLog,
});
