import { Aws, RemovalPolicy } from "aws-cdk-lib";
import {
  AccountRootPrincipal,
  Effect,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from "aws-cdk-lib/aws-iam";
import { Key, type KeySpec, type KeyUsage } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

/**
 * Administrative actions on a key: everything needed to keep it manageable (describe, change
 * the policy, rotate, tag, disable, schedule or cancel deletion), none of its cryptographic
 * operations, and no kms:CreateGrant (a grant could hand out Decrypt without a policy change).
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:PutKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:RotateKeyOnDemand",
  "kms:ListKeyRotations",
  "kms:GetPublicKey",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ListGrants",
  "kms:RevokeGrant",
  "kms:ListAliases",
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:UpdateKeyDescription",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

/** Who administers the project's keys. */
export interface KeyAdministration {
  /** The named admin role (from context, or the stack's own `KeyAdminRole`). */
  readonly adminRoleArn: string;
  /**
   * The role CloudFormation deploys with (the CDK bootstrap's cfn-exec role). KMS refuses a
   * key policy that would not let the caller of CreateKey/PutKeyPolicy put the policy again
   * (the "lockout" safety check), and CloudFormation must update the policy on later deploys.
   */
  readonly deployRoleArn: string;
}

/** One use of a key by function roles, named by `aws:PrincipalArn` patterns. */
export interface RoleKeyUse {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly rolePatterns: readonly string[];
  /** Further conditions, e.g. `kms:ViaService` for keys used only through S3. */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/** One use of a key by an AWS service on this account's behalf (CloudWatch, SES, ...). */
export interface ServiceKeyUse {
  readonly sid: string;
  readonly service: string;
  readonly actions: readonly string[];
}

export interface ProjectKeyProps {
  readonly description: string;
  readonly alias: string;
  readonly keySpec?: KeySpec;
  readonly keyUsage?: KeyUsage;
  /** Only symmetric encryption keys rotate. */
  readonly enableKeyRotation: boolean;
  readonly administration: KeyAdministration;
  readonly roleUses: readonly RoleKeyUse[];
  readonly serviceUses?: readonly ServiceKeyUse[];
}

/**
 * A retained KMS key with an explicit key policy instead of CDK's default (`kms:*` for the
 * account, which lets any principal of the account with an IAM allow on `*` use the key):
 *
 * 1. the admin role administers it (no cryptographic operations); so does the deployment
 *    role, or CloudFormation could neither create the key (lockout safety check) nor update
 *    its policy later;
 * 2. each use (Encrypt, Decrypt, GenerateMac, Sign, ...) is allowed to the account principal
 *    only for the named function roles (`aws:PrincipalArn` patterns, see function-roles.ts),
 *    which must also hold the IAM allow; a use with no roles gets no statement at all;
 * 3. services (CloudWatch alarms, SES) publishing to encrypted topics, limited to this account.
 *
 * Without a statement for the account root user with `kms:*`, a key whose admin role and
 * deployment role are both deleted becomes unmanageable (AWS Support must restore access):
 * the admin role is retained, and re-bootstrapping recreates the deployment role by name.
 */
export function newProjectKey(scope: Construct, id: string, props: ProjectKeyProps): Key {
  const account = new AccountRootPrincipal();
  // Both administrators are named by condition, not as principals: KMS checks that a named
  // principal exists when the policy is put (a role created in the same deployment may not be
  // visible to KMS yet), and a principal named directly turns into a stale unique id when its
  // role is recreated, while the condition keeps matching the ARN (re-bootstrapping recreates
  // the deployment role under the same name). With the account as principal, the admin role
  // needs its own IAM allow as well.
  const statements: PolicyStatement[] = [
    new PolicyStatement({
      sid: "KeyAdministration",
      effect: Effect.ALLOW,
      principals: [account],
      actions: [...KEY_ADMIN_ACTIONS],
      resources: ["*"],
      conditions: {
        ArnEquals: {
          "aws:PrincipalArn": [
            props.administration.adminRoleArn,
            props.administration.deployRoleArn,
          ],
        },
      },
    }),
  ];
  for (const use of props.roleUses) {
    if (use.rolePatterns.length === 0) continue;
    statements.push(
      new PolicyStatement({
        sid: use.sid,
        effect: Effect.ALLOW,
        principals: [account],
        actions: [...use.actions],
        resources: ["*"],
        conditions: {
          ArnLike: { "aws:PrincipalArn": [...use.rolePatterns] },
          ...use.conditions,
        },
      }),
    );
  }
  for (const use of props.serviceUses ?? []) {
    statements.push(
      new PolicyStatement({
        sid: use.sid,
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal(use.service)],
        actions: [...use.actions],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
  }
  return new Key(scope, id, {
    description: props.description,
    alias: props.alias,
    enableKeyRotation: props.enableKeyRotation,
    ...(props.keySpec ? { keySpec: props.keySpec } : {}),
    ...(props.keyUsage ? { keyUsage: props.keyUsage } : {}),
    policy: new PolicyDocument({ statements }),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** The condition that limits a key's use to calls S3 makes for its SSE-KMS, in this region. */
export function viaS3(): Record<string, Record<string, unknown>> {
  return { StringEquals: { "kms:ViaService": `s3.${Aws.REGION}.amazonaws.com` } };
}
