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

/** The key users implied by the contract's grants (shared/contract/). */
export function keyUsersFromGrants(): KeyUsers {
  const rows: Row[] = [
    ...ROUTES,
    ...Object.values(WORKFLOW_FUNCTIONS),
    ...Object.values(SCHEDULED_FUNCTIONS),
  ];
  const ids = (keep: (g: Grants) => boolean) => rows.filter((r) => keep(r.grants)).map((r) => r.id);
  return {
    personalData: {
      encrypt: ids((g) => g.personalData === "encrypt" || g.personalData === "both"),
      decrypt: ids((g) => g.personalData === "decrypt" || g.personalData === "both"),
    },
    pseudonym: { mac: ids((g) => g.pseudonym === true) },
    auditSigning: {
      sign: ids((g) => g.auditDigest === "publish"),
      verify: ids((g) => g.auditDigest === "verify"),
    },
    auditDigests: {
      write: ids((g) => g.auditDigest === "publish"),
      read: ids((g) => g.auditDigest !== undefined),
    },
    // Uploads are written with the bucket key (a presigned PUT is signed by the function that
    // issues it); checked files are read back and written again by the "store" functions.
    attachments: {
      write: ids((g) => (g.attachments ?? []).some((u) => u === "upload" || u === "store")),
      read: ids((g) => (g.attachments ?? []).some((u) => u === "store" || u === "read")),
    },
  };
}
