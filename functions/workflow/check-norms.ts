import * as z from "zod";
import { taskHandler } from "../../shared/http/workflow-handler.ts";
import { checkAndReserve } from "../../shared/use-cases/norms.ts";

const Payload = z.object({ proposalId: z.string().min(1), submissionNo: z.number().int().min(1).optional() });

/** CheckNorms: the legal gate; reserves against the caps atomically or returns the proposal. */
export const { handler, lambdaHandler } = taskHandler("CheckNorms", Payload, (input, at) => checkAndReserve(input.proposalId, at));
