import { RemovalPolicy } from "aws-cdk-lib";
import { AccountRootPrincipal, Effect, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { type Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import { functionRoleArnPattern } from "../function-roles.ts";
import type { KeyUsers } from "../key-users.ts";
import { acknowledge } from "../nag.ts";
import { KEY_ADMIN_ACTIONS, type KeyAdministration, newProjectKey, viaS3 } from "./key-policy.ts";
import { KEY_ACTIONS } from "./project-function.ts";

export interface ProjectKeysProps {
  /** Stack of the function roles that use the keys (their IAM path starts with it). */
  readonly functionStackName: string;
  readonly users: KeyUsers;
  /** An existing role that administers the keys; without it the construct creates `KeyAdminRole`. */
  readonly adminRoleArn?: string;
  /** The CloudFormation execution role of the deployment (see KeyAdministration). */
  readonly deployRoleArn: string;
}

/** Actions S3 needs from a bucket key for SSE-KMS: a data key for PutObject, Decrypt for GetObject. */
const S3_WRITE = ["kms:GenerateDataKey", "kms:Decrypt"];
const S3_READ = ["kms:Decrypt"];

/**
 * The project's KMS keys, each with an explicit key policy (see key-policy.ts): the admin role
 * administers, the function roles named in `users` use, nobody else does anything. The keys
 * are created directly in `scope` (not in a construct of their own) so that the logical ids
 * of the keys that already hold data stay what they were.
 */
export class ProjectKeys {
  /** Encrypts survivors' personal data (A3/A4) before it is stored. */
  readonly personalData: Key;
  /** HMAC key of survivors' pseudonyms. */
  readonly pseudonym: Key;
  /** Asymmetric key that signs the audit digests; verifiable with its public key alone. */
  readonly auditSigning: Key;
  /** SSE-KMS of the audit digest bucket. */
  readonly auditDigests: Key;
  /** SSE-KMS of the attachments bucket (survivors' documents may be among them). */
  readonly attachments: Key;
  /** Encrypts the alarm and mail-event topics; CloudWatch and SES may publish through it. */
  readonly operations: Key;
  /** ARN of the role that administers the keys. */
  readonly adminRoleArn: string;

  constructor(scope: Construct, props: ProjectKeysProps) {
    const createdAdmin = props.adminRoleArn
      ? undefined
      : new Role(scope, "KeyAdminRole", {
          description:
            "Administers the Project 8 KMS keys (policy, rotation, deletion); cannot use them",
          // Anyone of the account allowed sts:AssumeRole on it, with MFA.
          assumedBy: new AccountRootPrincipal().withConditions({
            Bool: { "aws:MultiFactorAuthPresent": "true" },
          }),
        });
    createdAdmin?.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.adminRoleArn = props.adminRoleArn ?? createdAdmin?.roleArn ?? "";
    const administration: KeyAdministration = {
      adminRoleArn: this.adminRoleArn,
      deployRoleArn: props.deployRoleArn,
    };
    const roles = (ids: readonly string[]) =>
      ids.map((fnId) => functionRoleArnPattern(props.functionStackName, fnId));
    const u = props.users;

    this.personalData = newProjectKey(scope, "PersonalDataKey", {
      description: "Encrypts personal data of survivors (A3/A4) before it is stored",
      alias: "alias/project8/personal-data",
      enableKeyRotation: true,
      administration,
      roleUses: [
        {
          sid: "EncryptPersonalData",
          actions: KEY_ACTIONS.encrypt,
          rolePatterns: roles(u.personalData.encrypt),
        },
        {
          sid: "DecryptPersonalData",
          actions: KEY_ACTIONS.decrypt,
          rolePatterns: roles(u.personalData.decrypt),
        },
      ],
    });

    this.pseudonym = newProjectKey(scope, "PseudonymKey", {
      description:
        "HMAC key of survivors' pseudonyms (A3/A4): auditors tell survivors apart without seeing who they are",
      alias: "alias/project8/survivor-pseudonym",
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      enableKeyRotation: false,
      administration,
      roleUses: [
        {
          sid: "GenerateSurvivorPseudonym",
          actions: ["kms:GenerateMac"],
          rolePatterns: roles(u.pseudonym.mac),
        },
      ],
    });
    acknowledge(
      this.pseudonym,
      "AwsSolutions-KMS5",
      "KMS rotates only symmetric encryption keys, not HMAC keys; and a rotated pseudonym key would give new proposals pseudonyms unrelated to the stored ones, which must stay stable.",
    );

    this.auditSigning = newProjectKey(scope, "AuditSigningKey", {
      description:
        "Signs the audit digests (chain heads) written to the Object Lock bucket; verifiable with the public key alone",
      alias: "alias/project8/audit-digest-signing",
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      enableKeyRotation: false,
      administration,
      roleUses: [
        {
          sid: "SignAuditDigests",
          actions: ["kms:Sign"],
          rolePatterns: roles(u.auditSigning.sign),
        },
        {
          sid: "VerifyAuditDigests",
          actions: ["kms:Verify", "kms:GetPublicKey"],
          rolePatterns: roles(u.auditSigning.verify),
        },
      ],
    });
    acknowledge(
      this.auditSigning,
      "AwsSolutions-KMS5",
      "KMS does not rotate asymmetric keys; digests name the key that signed them, so a new signing key is introduced deliberately, never by automatic rotation.",
    );

    this.auditDigests = newProjectKey(scope, "AuditDigestBucketKey", {
      description: "SSE-KMS of the audit digest bucket (Object Lock, compliance mode)",
      alias: "alias/project8/audit-digests",
      enableKeyRotation: true,
      administration,
      roleUses: [
        {
          sid: "WriteDigestsThroughS3",
          actions: S3_WRITE,
          rolePatterns: roles(u.auditDigests.write),
          conditions: viaS3(),
        },
        {
          sid: "ReadDigestsThroughS3",
          actions: S3_READ,
          rolePatterns: roles(u.auditDigests.read),
          conditions: viaS3(),
        },
      ],
    });

    this.attachments = newProjectKey(scope, "AttachmentsKey", {
      description: "SSE-KMS of the attachments bucket (proposal documents, possibly survivors')",
      alias: "alias/project8/attachments",
      enableKeyRotation: true,
      administration,
      roleUses: [
        {
          sid: "WriteAttachmentsThroughS3",
          actions: S3_WRITE,
          rolePatterns: roles(u.attachments.write),
          conditions: viaS3(),
        },
        {
          sid: "ReadAttachmentsThroughS3",
          actions: S3_READ,
          rolePatterns: roles(u.attachments.read),
          conditions: viaS3(),
        },
      ],
    });

    // CloudWatch alarms and SES event destinations publish to the encrypted topics: SNS asks
    // KMS for a data key on the publisher's behalf, so the services need the key themselves.
    const publish = ["kms:GenerateDataKey*", "kms:Decrypt"];
    this.operations = newProjectKey(scope, "OperationsKey", {
      description: "Encrypts the alarm and mail-event SNS topics",
      alias: "alias/project8/operations",
      enableKeyRotation: true,
      administration,
      roleUses: [],
      serviceUses: [
        { sid: "CloudWatchAlarmsPublish", service: "cloudwatch.amazonaws.com", actions: publish },
        { sid: "SesEventsPublish", service: "ses.amazonaws.com", actions: publish },
      ],
    });

    if (createdAdmin) {
      // The key policies allow the account principal under an aws:PrincipalArn condition, so
      // the admin role needs the same actions in its own policy.
      createdAdmin.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...KEY_ADMIN_ACTIONS],
          resources: this.all().map((k) => k.keyArn),
        }),
      );
    }
  }

  all(): Key[] {
    return [
      this.personalData,
      this.pseudonym,
      this.auditSigning,
      this.auditDigests,
      this.attachments,
      this.operations,
    ];
  }
}
