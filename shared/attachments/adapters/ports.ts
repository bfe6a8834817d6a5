import { dynamoPersonalReadLog } from "../../privacy/adapters/dynamo-personal-read-log.ts";
import { dynamoProposalStore } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { dynamoAttachmentStore } from "./dynamo-attachment-store.ts";
import { s3AttachmentFiles } from "./s3-attachment-files.ts";

/** The ports of the functions that touch files (the S3 client is in these bundles only). */
export const attachmentPorts = {
  proposals: dynamoProposalStore,
  attachments: dynamoAttachmentStore,
  files: s3AttachmentFiles,
  personalReads: dynamoPersonalReadLog,
};
