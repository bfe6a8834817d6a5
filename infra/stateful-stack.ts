import { Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
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
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import type { Construct } from "constructs";
import { ROLES } from "../shared/kernel/types.ts";
import { AUDIT_INDEXES, AUDIT_SORT_KEY } from "../shared/tables/audit-table.ts";
import { DATA_INDEXES, DATA_TTL_ATTRIBUTE } from "../shared/tables/data-table.ts";
import { acknowledge } from "./nag.ts";

export interface DataStackProps extends StackProps {
  /** Domain verified in SES; mail is sent from no-reply@<mailDomain>. */
  readonly mailDomain: string;
  /** OAuth callback URLs of the web sign-in (authorization code + PKCE). */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  /**
   * Prefix of the Cognito managed login domain, https://<prefix>.auth.<region>.amazoncognito.com.
   * Globally unique across all AWS accounts in the region.
   */
  readonly authDomainPrefix: string;
}

/**
 * Stateful resources: tables, the personal-data key, the user pool and the mail identity.
 * Everything here is retained on stack deletion; the stateless stack receives it as props.
 */
export class DataStack extends Stack {
  readonly dataTable: Table;
  readonly auditTable: Table;
  readonly personalDataKey: Key;
  /** HMAC key of survivors' pseudonyms: computed once per proposal, at creation. */
  readonly pseudonymKey: Key;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The managed login (hosted UI) domain of the web sign-in. */
  readonly userPoolDomain: UserPoolDomain;
  readonly mailIdentity: EmailIdentity;
  readonly mailFrom: string;

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
        projectionType: ProjectionType.ALL,
      });
    }

    this.personalDataKey = new Key(this, "PersonalDataKey", {
      description: "Encrypts personal data of survivors (A3/A4) before it is stored",
      alias: "alias/project8/personal-data",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.pseudonymKey = new Key(this, "PseudonymKey", {
      description:
        "HMAC key of survivors' pseudonyms (A3/A4): auditors tell survivors apart without seeing who they are",
      alias: "alias/project8/survivor-pseudonym",
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.pseudonymKey,
      "AwsSolutions-KMS5",
      "KMS rotates only symmetric encryption keys, not HMAC keys; and a rotated pseudonym key would give new proposals pseudonyms unrelated to the stored ones, which must stay stable.",
    );

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
      "MFA is optional (TOTP) so commune officers without a smartphone can still sign in; admins and approvers are asked to enrol.",
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

    this.userPoolClient = this.userPool.addClient("WebClient", {
      userPoolClientName: "project8-web",
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.logoutUrls],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // custom:unit decides what a user may see: users must not be able to change it themselves.
      writeAttributes: new ClientAttributes().withStandardAttributes({
        fullname: true,
        email: true,
      }),
    });

    // The managed login pages of the web sign-in (functions/web/auth-sign-in.ts redirects there).
    this.userPoolDomain = this.userPool.addDomain("HostedUiDomain", {
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
    });

    this.mailIdentity = new EmailIdentity(this, "MailIdentity", {
      identity: Identity.domain(props.mailDomain),
    });
    this.mailFrom = `no-reply@${props.mailDomain}`;
  }
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
