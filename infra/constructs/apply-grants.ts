import type { IUserPool } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Grants } from "../../shared/contract/define.ts";
import type { ProjectFunction } from "./project-function.ts";

/** What the rows of the contract can be granted. */
export interface GrantResources {
  readonly dataTable: ITable;
  readonly auditTable: ITable;
  readonly personalDataKey: IKey;
  /** The KMS HMAC key of survivors' pseudonyms. */
  readonly pseudonymKey: IKey;
  readonly mailIdentity: IEmailIdentity;
  readonly mailFrom: string;
  /** The identity's default configuration set (bounce and complaint events). */
  readonly mailConfigurationSet?: IConfigurationSet;
  /**
   * The digest signing key and the Object Lock digest bucket (grant `auditDigest`), and the
   * attachments bucket (issue 14). The key policies name the roles of the functions whose
   * grants use them (infra/key-users.ts); the grant adds the IAM side.
   */
  readonly auditSigningKey?: IKey;
  readonly auditDigestBucket?: IBucket;
  readonly attachmentsBucket?: IBucket;
  /** The user pool (grant `userMfa`: the pool's own trigger). */
  readonly userPool?: IUserPool;
  /** Absent while the state machine's own tasks are being created (they never signal it). */
  readonly stateMachine?: IStateMachine;
}

/** Turns the `grants` of one the contract row into the function's permissions and environment. */
export function applyGrants(fn: ProjectFunction, grants: Grants, resources: GrantResources): void {
  if (grants.data) fn.bindData(resources.dataTable, grants.data);
  if (grants.deletes) fn.bindDataDeletes(resources.dataTable);
  if (grants.personalReads) fn.bindPersonalReads(resources.dataTable);
  if (grants.audit) fn.bindAudit(resources.auditTable, grants.audit);
  if (grants.mail)
    fn.bindMail(resources.mailIdentity, resources.mailFrom, resources.mailConfigurationSet);
  if (grants.personalData) fn.bindPersonalDataKey(resources.personalDataKey, grants.personalData);
  if (grants.pseudonym) fn.bindPseudonymKey(resources.pseudonymKey);
  if (grants.auditDigest) {
    if (!resources.auditSigningKey || !resources.auditDigestBucket) {
      throw new Error(`${fn.node.id}: grants name the audit digests, which are not given`);
    }
    fn.bindAuditDigests(
      resources.auditSigningKey,
      resources.auditDigestBucket,
      resources.auditTable,
      grants.auditDigest,
    );
  }
  if (grants.userMfa) {
    if (!resources.userPool) throw new Error(`${fn.node.id}: grants name the user pool, not given`);
    fn.bindUserMfaRead(resources.userPool);
  }
  if (grants.attachments && grants.attachments.length > 0) {
    if (!resources.attachmentsBucket) {
      throw new Error(`${fn.node.id}: grants name the attachments bucket, which is not given`);
    }
    fn.bindAttachments(resources.attachmentsBucket, grants.attachments);
  }

  if (grants.identity) {
    if (!fn.userPool) throw new Error(`${fn.node.id}: grants manage the user pool, not given`);
    fn.bindIdentityAdmin(fn.userPool);
  }
  if (grants.sfn && grants.sfn.length > 0) {
    if (resources.stateMachine) fn.bindStateMachine(resources.stateMachine, grants.sfn);
    // Answering a task token names no state machine: its own tasks may do it.
    else if (grants.sfn.every((a) => a === "signal")) fn.bindTaskResponse();
    else throw new Error(`${fn.node.id}: grants name the state machine before it exists`);
  }
}
