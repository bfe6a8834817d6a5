import {
  DefaultStackSynthesizer,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from "aws-cdk-lib";
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolDomain,
  UserPoolGroup,
} from "aws-cdk-lib/aws-cognito";
import {
  AttributeType,
  BillingMode,
  CfnTable,
  ProjectionType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import type { Key } from "aws-cdk-lib/aws-kms";
import type { Bucket } from "aws-cdk-lib/aws-s3";
import type { ConfigurationSet, EmailIdentity } from "aws-cdk-lib/aws-ses";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { ROLES } from "../shared/kernel/types.ts";
import {
  AUDIT_INDEXES,
  AUDIT_KEYS_ONLY_INDEXES,
  AUDIT_SORT_KEY,
  type AuditIndex,
} from "../shared/tables/audit-table.ts";
import { DATA_INDEXES, DATA_TTL_ATTRIBUTE } from "../shared/tables/data-table.ts";
import { TableBackups } from "./constructs/backup.ts";
import { OperationsMail } from "./constructs/mail.ts";
import { addMfaClaimTrigger } from "./constructs/mfa-claim-trigger.ts";
import { ProjectKeys } from "./constructs/project-keys.ts";
import { Storage } from "./constructs/storage.ts";
import type { KeyUsers } from "./key-users.ts";
import { acknowledge } from "./nag.ts";

export interface DataStackProps extends StackProps {
  /** Domain verified in SES (Easy DKIM). */
  readonly mailDomain: string;
  /** Sender of every email; an address of `mailDomain`. */
  readonly mailFrom: string;
  /**
   * Prefix of the Cognito managed login domain, https://<prefix>.auth.<region>.amazoncognito.com.
   * Globally unique across all AWS accounts in the region.
   */
  readonly authDomainPrefix: string;
  /** Subscribed (by email, to be confirmed) to the alarm and mail-event topics. */
  readonly alarmEmail?: string;
  /** An existing role that administers the KMS keys; without it the stack creates `KeyAdminRole`. */
  readonly keyAdminRoleArn?: string;
  /** Name of the stack whose function roles use the keys (their IAM paths start with it). */
  readonly functionStackName: string;
  /** Which functions (by id) use which key. */
  readonly keyUsers: KeyUsers;
  /** Default Object Lock retention of the signed audit digests, in years. */
  readonly digestRetentionYears: number;
  /** Origins allowed to upload attachments from the browser (S3 CORS). */
  readonly attachmentOrigins: readonly string[];
}

/**
 * Stateful resources: tables, keys, buckets, the user pool, the mail identity, the operations
 * topics and the backup plan. Everything here is retained on stack deletion; the stateless
 * stack receives it as props.
 */
export class DataStack extends Stack {
  readonly dataTable: Table;
  readonly auditTable: Table;
  readonly keys: ProjectKeys;
  readonly personalDataKey: Key;
  /** HMAC key of survivors' pseudonyms: computed once per proposal, at creation. */
  readonly pseudonymKey: Key;
  /** Asymmetric (ECC_NIST_P256, SIGN_VERIFY) key of the audit digests; kms:Sign only for the digest function. */
  readonly auditSigningKey: Key;
  /** Signed audit digests: Object Lock in compliance mode. */
  readonly auditDigestBucket: Bucket;
  /** Proposal attachments (issue 14), uploaded with presigned URLs. */
  readonly attachmentsBucket: Bucket;
  readonly userPool: UserPool;
  /** The managed login (hosted UI) domain of the web sign-in. */
  readonly userPoolDomain: UserPoolDomain;
  readonly mailIdentity: EmailIdentity;
  /** The identity's default configuration set: sending through it needs ses:SendEmail on it too. */
  readonly mailConfigurationSet: ConfigurationSet;
  readonly mailFrom: string;
  /** CloudWatch alarms of both stacks publish here. */
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.dataTable = newTable(this, "DataTable", DATA_TTL_ATTRIBUTE);
    for (const [indexName, [pk, sk]] of Object.entries(DATA_INDEXES)) {
      this.dataTable.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: pk, type: AttributeType.STRING },
        sortKey: { name: sk, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.auditTable = newTable(this, "AuditTable");
    for (const [indexName, attribute] of Object.entries(AUDIT_INDEXES)) {
      this.auditTable.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: attribute, type: AttributeType.STRING },
        sortKey: { name: AUDIT_SORT_KEY, type: AttributeType.STRING },
        projectionType: AUDIT_KEYS_ONLY_INDEXES.has(indexName as AuditIndex)
          ? ProjectionType.KEYS_ONLY
          : ProjectionType.ALL,
      });
    }

    this.keys = new ProjectKeys(this, {
      functionStackName: props.functionStackName,
      users: props.keyUsers,
      deployRoleArn: deploymentRoleArn(this),
      ...(props.keyAdminRoleArn ? { adminRoleArn: props.keyAdminRoleArn } : {}),
    });
    this.personalDataKey = this.keys.personalData;
    this.pseudonymKey = this.keys.pseudonym;
    this.auditSigningKey = this.keys.auditSigning;

    const storage = new Storage(this, {
      auditDigestKey: this.keys.auditDigests,
      attachmentsKey: this.keys.attachments,
      digestRetentionYears: props.digestRetentionYears,
      attachmentOrigins: props.attachmentOrigins,
    });
    this.auditDigestBucket = storage.auditDigests;
    this.attachmentsBucket = storage.attachments;

    const mail = new OperationsMail(this, {
      mailDomain: props.mailDomain,
      mailFrom: props.mailFrom,
      topicKey: this.keys.operations,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    this.mailIdentity = mail.identity;
    this.mailConfigurationSet = mail.configurationSet;
    this.mailFrom = mail.mailFrom;
    this.alarmTopic = mail.alarmTopic;

    new TableBackups(this, [this.dataTable, this.auditTable]);

    this.userPool = new UserPool(this, "UserPool", {
      userPoolName: "project8-users",
      // Officers are created by an administrator, never self-registered.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { unit: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      "AwsSolutions-COG2",
      "MFA is optional at the pool (TOTP) so commune officers and auditors without a smartphone can still sign in; the privileged groups must use TOTP, enforced by the pre-token-generation trigger's claim (shared/access/domain/mfa.ts).",
    );
    const essentialsPlan =
      "Threat protection (advanced security) needs the Cognito Plus plan, priced per active user; the pool is small, admin-provisioned, without self sign-up, and MFA is available.";
    acknowledge(this.userPool, "AwsSolutions-COG3", essentialsPlan);
    acknowledge(this.userPool, "AwsSolutions-COG8", essentialsPlan);

    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Project 8 role ${role}`,
      });
    }

    // TOTP required for the privileged groups: the MFA claim of the ID token (issue 15).
    addMfaClaimTrigger(
      this,
      this.userPool,
      {
        dataTable: this.dataTable,
        auditTable: this.auditTable,
        personalDataKey: this.keys.personalData,
        pseudonymKey: this.keys.pseudonym,
        mailIdentity: this.mailIdentity,
        mailFrom: this.mailFrom,
      },
      this.alarmTopic,
    );

    // The web app client is in the stateless stack: its callback URL is derived from the API
    // endpoint, which exists only there (see AppStack).

    // The managed login pages of the web sign-in (functions/web/auth-sign-in.ts redirects there).
    this.userPoolDomain = this.userPool.addDomain("HostedUiDomain", {
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
    });
  }
}

/**
 * The role CloudFormation runs this stack's deployment with (the CDK bootstrap's cfn-exec role),
 * which must keep administering the keys (see infra/constructs/key-policy.ts).
 */
function deploymentRoleArn(stack: Stack): string {
  const synthesizer = stack.synthesizer;
  const role =
    synthesizer instanceof DefaultStackSynthesizer
      ? synthesizer.cloudFormationExecutionRole
      : undefined;
  if (!role) {
    throw new Error(
      `${stack.stackName}: the key policies need the CloudFormation execution role of the deployment; use the DefaultStackSynthesizer (cdk bootstrap)`,
    );
  }
  return Fn.sub(role);
}

function newTable(scope: Construct, id: "DataTable" | "AuditTable", ttl?: string): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: "pk", type: AttributeType.STRING },
    sortKey: { name: "sk", type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    encryption: TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
    ...(ttl ? { timeToLiveAttribute: ttl } : {}),
  });
  // The local stack names its tables after the logical id: keep it exactly the construct id.
  const cfn = table.node.defaultChild;
  if (cfn instanceof CfnTable) cfn.overrideLogicalId(id);
  return table;
}
