import path from "node:path";
import { ArnFormat, Duration, Fn, Stack } from "aws-cdk-lib";
import type { IUserPool, IUserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, CfnFunction, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import type { IStateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { POWERTOOLS_ENVIRONMENT } from "../../shared/config.ts";
import type {
  AttachmentUse,
  AuditAccess,
  AuditDigestAccess,
  DataAccess,
  SfnAccess,
} from "../../shared/contract/define.ts";
import { AUDIT_INDEXES } from "../../shared/tables/audit-table.ts";
import { DATA_INDEXES } from "../../shared/tables/data-table.ts";
import { FUNCTION_ROLE_NAMESPACE, functionRolePath } from "../function-roles.ts";
import { acknowledge, nagResourceText } from "../nag.ts";
import { HANDLER_BUNDLING, PROJECT_ROOT } from "./bundling.ts";

/** The Cognito calls of the admin's user management (create, group, enable, disable, sign out). */
export const IDENTITY_ADMIN_ACTIONS = [
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminAddUserToGroup",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminUserGlobalSignOut",
] as const;

export { PROJECT_ROOT };

/**
 * Actions on the data table (no Scan: every access pattern has a key or an index). No code
 * path uses BatchGetItem, BatchWriteItem or DescribeTable; DeleteItem is granted apart
 * (`deletes`) to the functions that delete.
 */
export const DATA_ACTIONS: Readonly<Record<DataAccess, readonly string[]>> = {
  read: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
  readwrite: [
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
  ],
};

/** The attributes of the personal-read chain's head item (shared/use-cases/personal-reads.ts). */
export const PERSONAL_READ_HEAD_ATTRIBUTES: readonly string[] = ["pk", "sk", "seq", "hash"];

/**
 * KMS actions per use of the personal-data key: envelope encryption asks for a data key
 * (GenerateDataKey) and opens it (Decrypt); nothing calls kms:Encrypt.
 */
export const KEY_ACTIONS: Readonly<Record<"encrypt" | "decrypt" | "both", readonly string[]>> = {
  encrypt: ["kms:GenerateDataKey"],
  decrypt: ["kms:Decrypt"],
  both: ["kms:GenerateDataKey", "kms:Decrypt"],
};

/** Actions that may touch the append-only audit table; never UpdateItem, DeleteItem or BatchWriteItem. */
export const AUDIT_ACTIONS: Readonly<Record<AuditAccess, readonly string[]>> = {
  read: ["dynamodb:GetItem", "dynamodb:Query"],
  // TransactWriteItems is authorized per contained action: the Put and the ConditionCheck.
  append: ["dynamodb:PutItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:Query"],
};

/** Where web pages send a visitor without a session (functions/web/auth-sign-in.ts). */
export const WEB_SIGN_IN_PATH = "/auth/sign-in";

interface FunctionOptions {
  /** Handler module relative to the project root, exporting `handler`. */
  readonly entry: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Concurrency reserved for (and limiting) this function; by default it shares the account's pool. */
  readonly reservedConcurrentExecutions?: number;
}

export interface ProjectFunctionProps extends FunctionOptions {
  /** Base URL put in links sent by email (APP_BASE_URL). */
  readonly appBaseUrl: string;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

/**
 * A function the user pool itself invokes (a trigger): no links, no pool or client in its
 * environment — the pool refers to the function, so a reference back would be a cycle.
 */
export interface TriggerFunctionProps extends FunctionOptions {
  readonly appBaseUrl?: undefined;
  readonly userPool?: undefined;
  readonly userPoolClient?: undefined;
}

/**
 * The one Lambda construct of the project: Node.js 22 on arm64, X-Ray tracing, a one-year log
 * group, a role with nothing but its log group until an intent method grants more, and
 * `project:entry` / `project:handler` metadata that the local stack uses to find the module.
 */
export class ProjectFunction extends NodejsFunction {
  /** Entry relative to the project root, as in the contract. */
  readonly entryPath: string;
  /** The user pool of the sign-in accounts (grant `identity` manages it); none for a trigger. */
  readonly userPool: IUserPool | undefined;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps | TriggerFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
    // An own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole, which may write to every log group of the account.
    // The path names the role in key policies without a reference (infra/function-roles.ts).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      path: functionRolePath(FUNCTION_ROLE_NAMESPACE, id),
    });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      bundling: {
        minify: HANDLER_BUNDLING.minify,
        target: HANDLER_BUNDLING.target,
        format: OutputFormat.ESM,
        mainFields: [...HANDLER_BUNDLING.mainFields],
        externalModules: [...HANDLER_BUNDLING.external],
        banner: HANDLER_BUNDLING.banner,
        sourceMap: HANDLER_BUNDLING.sourcemap,
        sourcesContent: HANDLER_BUNDLING.sourcesContent,
        // NodejsFunction's `charset` prop is not passed on to esbuild (aws-cdk-lib 2.276).
        esbuildArgs: {
          "--charset": HANDLER_BUNDLING.charset,
        },
      },
      environment: {
        ...(props.userPool
          ? {
              APP_BASE_URL: props.appBaseUrl,
              USER_POOL_ID: props.userPool.userPoolId,
              USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
            }
          : {}),
        // No NODE_OPTIONS=--enable-source-maps: Node 22 then reads and parses each bundle's map
        // at load, which doubled an import (GetTask 67 -> 135 ms, docs/performance.md). Traces
        // name bundle positions; `npm run stack-trace` maps them to source files and lines.
        ...POWERTOOLS_ENVIRONMENT,
      },
    });
    this.entryPath = props.entry;
    this.userPool = props.userPool;
    logGroup.grantWrite(role);

    const cfn = this.node.defaultChild;
    if (!(cfn instanceof CfnFunction)) throw new Error(`${id}: no CfnFunction to annotate`);
    cfn.addMetadata("project:entry", props.entry);
    cfn.addMetadata("project:handler", "handler");

    acknowledge(
      role,
      "AwsSolutions-IAM5",
      "X-Ray PutTraceSegments/PutTelemetryRecords support only resource '*'.",
      ["Resource::*"],
    );
    acknowledge(
      this,
      "AwsSolutions-L1",
      "Pinned to Node.js 22 on purpose: handlers are tested on Node 20/22; a newer runtime is adopted deliberately, not by default.",
    );
  }

  /** Grants the data table (and its indexes, by name) and sets TABLE_NAME. */
  bindData(table: ITable, access: DataAccess): this {
    this.allow(DATA_ACTIONS[access], tableAndIndexArns(table, Object.keys(DATA_INDEXES)));
    this.addEnvironment("TABLE_NAME", table.tableName);
    return this;
  }

  /** Grants DeleteItem on the data table (outbox entries, released idempotency keys, waits). */
  bindDataDeletes(table: ITable): this {
    this.allow(["dynamodb:DeleteItem"], [table.tableArn]);
    return this;
  }

  /**
   * Grants PutItem on the data table for items made of the personal-read chain head's
   * attributes only (dynamodb:Attributes), so a reader can record its read and nothing else.
   */
  bindPersonalReads(table: ITable): this {
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["dynamodb:PutItem"],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringEquals": {
            "dynamodb:Attributes": [...PERSONAL_READ_HEAD_ATTRIBUTES],
          },
        },
      }),
    );
    return this;
  }

  /** Grants the append-only audit table ("append" never allows changing an event) and sets AUDIT_TABLE_NAME. */
  bindAudit(table: ITable, access: AuditAccess): this {
    this.allow(AUDIT_ACTIONS[access], tableAndIndexArns(table, Object.keys(AUDIT_INDEXES)));
    this.addEnvironment("AUDIT_TABLE_NAME", table.tableName);
    return this;
  }

  /** Grants the lifecycle state machine actions and sets STATE_MACHINE_ARN. */
  bindStateMachine(stateMachine: IStateMachine, access: readonly SfnAccess[]): this {
    for (const a of new Set(access)) {
      if (a === "start") stateMachine.grantStartExecution(this);
      else if (a === "describe") {
        this.allow(["states:DescribeExecution"], [`${executionArnPrefix(stateMachine)}:*`]);
      } else if (a === "stop") {
        this.allow(["states:StopExecution"], [`${executionArnPrefix(stateMachine)}:*`]);
      } else this.grantTaskResponse();
    }
    this.addEnvironment("STATE_MACHINE_ARN", stateMachine.stateMachineArn);
    if (access.includes("describe") || access.includes("stop")) {
      this.suppressRole(
        "Executions are named <proposalId>-<submissionNo> at runtime; the grant is limited to executions of this state machine.",
        [`Resource::${nagResourceText(this, `${executionArnPrefix(stateMachine)}:*`)}`],
      );
    }
    return this;
  }

  /**
   * Allows sending mail from the SES identity and sets MAILER=ses and MAIL_FROM. SES authorizes
   * SendEmail on the identity and on the configuration set the message goes through (the
   * identity's default one too), so both are granted.
   */
  bindMail(identity: IEmailIdentity, from: string, configurationSet?: IConfigurationSet): this {
    const resources = [identity.emailIdentityArn];
    if (configurationSet) {
      resources.push(
        Stack.of(this).formatArn({
          service: "ses",
          resource: "configuration-set",
          resourceName: configurationSet.configurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      );
    }
    this.allow(["ses:SendEmail"], resources);
    this.addEnvironment("MAILER", "ses");
    this.addEnvironment("MAIL_FROM", from);
    return this;
  }

  /** Grants use of the personal-data key and sets KEYS=kms and PERSONAL_DATA_KEY_ID (the key ARN). */
  bindPersonalDataKey(key: IKey, use: "encrypt" | "decrypt" | "both"): this {
    // Explicit actions: the L2 grants add ReEncrypt* and GenerateDataKey*, more than needed.
    this.allow(KEY_ACTIONS[use], [key.keyArn]);
    this.addEnvironment("KEYS", "kms");
    this.addEnvironment("PERSONAL_DATA_KEY_ID", key.keyArn);
    return this;
  }

  /**
   * Allows cognito-idp:AdminGetUser on the user pool (a user's MFA settings), in a policy of its
   * own: the pool refers to this function as its trigger, and the function depends on its
   * role's default policy, so a grant there would be a cycle.
   */
  bindUserMfaRead(userPool: IUserPool): this {
    if (!this.role) throw new Error(`${this.node.id}: no role`);
    new Policy(this, "UserMfaRead", {
      roles: [this.role],
      statements: [
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ["cognito-idp:AdminGetUser"],
          resources: [userPool.userPoolArn],
        }),
      ],
    });
    return this;
  }

  /** Allows kms:GenerateMac with the survivor-pseudonym HMAC key and sets PSEUDONYM_KEY_ID (its ARN). */
  bindPseudonymKey(key: IKey): this {
    this.allow(["kms:GenerateMac"], [key.keyArn]);
    this.addEnvironment("PSEUDONYM_KEY_ID", key.keyArn);
    return this;
  }

  /**
   * The signed audit digests (shared/audit/): AUDIT_DIGEST_BUCKET and AUDIT_SIGNING_KEY_ID.
   * "publish": kms:Sign with the signing key; write and read objects of the digest bucket
   * (SSE-KMS with the bucket's key, through S3 only); Scan of the AuditTable, which only the
   * first digest does. "verify": the public key (kms:GetPublicKey) and reading the bucket.
   * s3:ListBucket on both: without it S3 answers a missing object with 403, not 404.
   */
  bindAuditDigests(
    signingKey: IKey,
    bucket: IBucket,
    auditTable: ITable,
    access: AuditDigestAccess,
  ): this {
    const publish = access === "publish";
    this.allow(publish ? ["kms:Sign"] : ["kms:GetPublicKey"], [signingKey.keyArn]);
    // The bucket lives in the stateful stack: an explicit export gives its ARN as a literal
    // Fn::ImportValue name here, so the prefix grants below can be acknowledged exactly.
    const bucketStack = Stack.of(bucket);
    const bucketArn =
      bucketStack === Stack.of(this) ? bucket.bucketArn : bucketStack.exportValue(bucket.bucketArn);
    const objects = [`${bucketArn}/digests/*`, `${bucketArn}/anchors/*`];
    this.allow(publish ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"], objects);
    this.allow(["s3:ListBucket"], [bucketArn]);
    if (bucket.encryptionKey) {
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: publish ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Decrypt"],
          resources: [bucket.encryptionKey.keyArn],
          conditions: {
            StringEquals: { "kms:ViaService": `s3.${Stack.of(this).region}.amazonaws.com` },
          },
        }),
      );
    }
    if (publish) this.allow(["dynamodb:Scan"], [auditTable.tableArn]);
    this.addEnvironment("AUDIT_DIGEST_BUCKET", bucket.bucketName);
    this.addEnvironment("AUDIT_SIGNING_KEY_ID", signingKey.keyArn);
    this.suppressRole(
      "Digests and anchors are objects named at runtime (digests/<seq>.json, anchors/<stream>.json): the grant is limited to those two prefixes of the digest bucket.",
      objects.map((o) => `Resource::${nagResourceText(this, o)}`),
    );
    return this;
  }

  /**
   * The attachments bucket (shared/attachments/) and ATTACHMENTS_BUCKET. "upload": PutObject
   * on `pending/*` (the presigned browser PUT is authorized as this role); "store": GetObject
   * on `pending/*` and PutObject on `files/*`; "read": GetObject on `files/*` (the presigned
   * GET). The bucket key through S3 only; s3:ListBucket so a missing upload is a 404, not 403.
   */
  bindAttachments(bucket: IBucket, uses: readonly AttachmentUse[]): this {
    const bucketStack = Stack.of(bucket);
    const bucketArn =
      bucketStack === Stack.of(this) ? bucket.bucketArn : bucketStack.exportValue(bucket.bucketArn);
    const pending = `${bucketArn}/pending/*`;
    const files = `${bucketArn}/files/*`;
    const puts = new Set<string>();
    const gets = new Set<string>();
    if (uses.includes("upload")) puts.add(pending);
    if (uses.includes("store")) {
      gets.add(pending);
      puts.add(files);
    }
    if (uses.includes("read")) gets.add(files);
    if (puts.size > 0) this.allow(["s3:PutObject"], [...puts]);
    if (gets.size > 0) this.allow(["s3:GetObject"], [...gets]);
    if (uses.includes("store")) this.allow(["s3:ListBucket"], [bucketArn]);
    if (bucket.encryptionKey) {
      const actions = [
        ...(puts.size > 0 ? ["kms:GenerateDataKey"] : []),
        ...(gets.size > 0 ? ["kms:Decrypt"] : []),
      ];
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions,
          resources: [bucket.encryptionKey.keyArn],
          conditions: {
            StringEquals: { "kms:ViaService": `s3.${Stack.of(this).region}.amazonaws.com` },
          },
        }),
      );
    }
    this.addEnvironment("ATTACHMENTS_BUCKET", bucket.bucketName);
    this.suppressRole(
      "Attachments are objects named at runtime (pending/<proposalId>/<attachmentId>, files/<proposalId>/<attachmentId>): the grant is limited to the prefixes the function's use needs.",
      [...puts, ...gets].map((o) => `Resource::${nagResourceText(this, o)}`),
    );
    return this;
  }

  /**
   * Web pages sign in through the Cognito managed login: SIGN_IN_URL (the app's own
   * /auth/sign-in, which starts the code flow) and AUTH_DOMAIN (the hosted UI's base URL).
   */
  bindWebSignIn(authDomainUrl: string): this {
    this.addEnvironment("SIGN_IN_URL", WEB_SIGN_IN_PATH);
    this.addEnvironment("AUTH_DOMAIN", authDomainUrl);
    return this;
  }

  /**
   * Allows answering task tokens (SendTaskSuccess/Failure/Heartbeat) without naming the state
   * machine, for the state machine's own tasks, which cannot reference it (a cycle).
   */
  bindTaskResponse(): this {
    this.grantTaskResponse();
    return this;
  }

  private grantTaskResponse(): void {
    // SendTask* take a task token, not a resource: IAM supports only "*" for them.
    this.allow(
      ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
      ["*"],
    );
    this.suppressRole(
      "Only resource '*' exists for X-Ray PutTraceSegments/PutTelemetryRecords and for states:SendTaskSuccess/SendTaskFailure/SendTaskHeartbeat (the task token names the execution).",
      ["Resource::*"],
    );
  }

  /**
   * Manages the sign-in accounts of the user pool (grant `identity`): exactly the admin calls
   * the directory's IdentityProvider makes (shared/directory/adapters/cognito-identity-provider.ts).
   */
  bindIdentityAdmin(userPool: IUserPool): void {
    this.allow([...IDENTITY_ADMIN_ACTIONS], [userPool.userPoolArn]);
  }

  private allow(actions: readonly string[], resources: readonly string[]): void {
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...actions],
        resources: [...resources],
      }),
    );
  }

  private suppressRole(reason: string, findings: readonly string[]): void {
    if (this.role) acknowledge(this.role, "AwsSolutions-IAM5", reason, findings);
  }
}

function tableAndIndexArns(table: ITable, indexNames: readonly string[]): string[] {
  return [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)];
}

/** `arn:…:execution:<state machine name>`; execution ARNs append `:<execution name>`. */
function executionArnPrefix(stateMachine: IStateMachine): string {
  return Stack.of(stateMachine).formatArn({
    service: "states",
    resource: "execution",
    resourceName: Fn.select(6, Fn.split(":", stateMachine.stateMachineArn)),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
