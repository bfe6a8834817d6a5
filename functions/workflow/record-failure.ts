import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { appLinks } from "../../shared/notifications/adapters/app-links.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";
import { recordWorkflowFailure } from "../../shared/workflow/use-cases/record-failure.ts";

const Payload = z.object({
  proposalId: z.string().check(z.minLength(1)),
  submissionNo: z.number().check(z.int(), z.minimum(1)),
  state: z.string().check(z.minLength(1), z.maxLength(80)),
  error: z.string().check(z.maxLength(200)),
  executionName: z.string().check(z.minLength(1), z.maxLength(80)),
});

const ports = {
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  mailer: sesMailer,
  urls: appLinks,
};

/** RecordFailure: a failed step is recorded on the proposal and the people who can act are told. */
export const { handler, lambdaHandler } = taskHandler(
  "RecordWorkflowFailure",
  Payload,
  (input, at) => recordWorkflowFailure(ports, input, at),
);
