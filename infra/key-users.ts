/**
 * Which functions may use which key: the key policies of the stateful stack are built from
 * this, the functions' own IAM grants from the same route rows, so the two always agree.
 */
import {
  type Grants,
  ROUTES,
  SCHEDULED_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
} from "../shared/contract/index.ts";

/**
 * Functions that later work adds (issue 16: the signed audit digest; issue 14: attachments).
 * Their ids are fixed here so that the key policies already name their roles: a helper that
 * adds one of them must use this id (or change it here, in the same commit).
 */
export const PLANNED_FUNCTIONS = {
  /** Collects changed chain heads, signs the digest (kms:Sign), writes it to the digest bucket. */
  auditDigest: "PublishAuditDigest",
  /** Checks the chains against the signed digests (GET /v1/audit/verify). */
  auditVerify: "VerifyAuditChains",
} as const;

/** Function ids per use of each key (see infra/function-roles.ts for how they become principals). */
export interface KeyUsers {
  readonly personalData: { readonly encrypt: string[]; readonly decrypt: string[] };
  readonly pseudonym: { readonly mac: string[] };
  readonly auditSigning: { readonly sign: string[]; readonly verify: string[] };
  /** SSE-KMS of the digest bucket, used through S3 only. */
  readonly auditDigests: { readonly write: string[]; readonly read: string[] };
  /** SSE-KMS of the attachments bucket, used through S3 only. */
  readonly attachments: { readonly write: string[]; readonly read: string[] };
}

interface Row {
  readonly id: string;
  readonly grants: Grants;
}

/** The key users implied by the contract's grants (shared/contract/), plus the planned digest functions. */
export function keyUsersFromGrants(): KeyUsers {
  const rows: Row[] = [
    ...ROUTES,
    ...Object.values(WORKFLOW_FUNCTIONS),
    ...Object.values(SCHEDULED_FUNCTIONS),
  ];
  const ids = (keep: (g: Grants) => boolean) => rows.filter((r) => keep(r.grants)).map((r) => r.id);
  const p = PLANNED_FUNCTIONS;
  return {
    personalData: {
      encrypt: ids((g) => g.personalData === "encrypt" || g.personalData === "both"),
      decrypt: ids((g) => g.personalData === "decrypt" || g.personalData === "both"),
    },
    pseudonym: { mac: ids((g) => g.pseudonym === true) },
    auditSigning: { sign: [p.auditDigest], verify: [p.auditVerify] },
    auditDigests: { write: [p.auditDigest], read: [p.auditDigest, p.auditVerify] },
    // Issue 14 adds the attachment functions; until then nobody but the admins may use the key.
    attachments: { write: [], read: [] },
  };
}
