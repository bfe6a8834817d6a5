import * as z from "zod/mini";
import "../../shared/validation/z.ts";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { sweep } from "../../shared/workflow/use-cases/sweep.ts";

/** Scheduled every 5 minutes: outbox delivery, reminders and escalations. */
export const { handler, lambdaHandler } = taskHandler("Sweep", z.unknown(), (_event, at) =>
  sweep(at),
);
