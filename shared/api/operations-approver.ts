import type { OperationDoc } from "./operations.ts";

/** Documentation of the approver-experience routes (infra/api/routes-approver.ts). */
export const APPROVER_OPERATIONS: Record<string, OperationDoc> = {};
