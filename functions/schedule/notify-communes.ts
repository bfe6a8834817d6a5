import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { appLinks } from "../../shared/notifications/adapters/app-links.ts";
import { dynamoNoticeLog } from "../../shared/notifications/adapters/dynamo-notice-log.ts";
import { dynamoNoticeSource } from "../../shared/notifications/adapters/dynamo-notice-source.ts";
import { emailNoticeChannel } from "../../shared/notifications/adapters/email-notice-channel.ts";
import { sesMailer } from "../../shared/notifications/adapters/mailer.ts";
import { notifyCommunes } from "../../shared/notifications/use-cases/notify-communes.ts";
import { dynamoProposalStore } from "../../shared/proposals/adapters/dynamo-proposal-store.ts";

const ports = {
  events: dynamoNoticeSource,
  log: dynamoNoticeLog,
  proposals: dynamoProposalStore,
  directory: dynamoDirectory,
  // An SMS or Zalo sender is one more NoticeChannel here.
  channels: [emailNoticeChannel(sesMailer)],
  urls: appLinks,
};

/** Scheduled every minute: tells communes what happened to their proposals (from the audit trail). */
export const { handler, lambdaHandler } = taskHandler("NotifyCommunes", z.unknown(), (_event, at) =>
  notifyCommunes(ports, at),
);
