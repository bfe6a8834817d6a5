import type { OperationDoc } from "./operations.ts";

/** Documentation of the audit routes (infra/api/routes-audit.ts). */
export const AUDIT_OPERATIONS: Record<string, OperationDoc> = {};
