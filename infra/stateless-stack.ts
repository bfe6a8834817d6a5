import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { HttpApi, HttpAuthorizer, HttpAuthorizerType } from "aws-cdk-lib/aws-apigatewayv2";
import {
  ClientAttributes,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IConfigurationSet, IEmailIdentity } from "aws-cdk-lib/aws-ses";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import type { FunctionContract } from "../shared/contract/define.ts";
import { SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../shared/contract/index.ts";
import { buildProposalLifecycle } from "../workflows/proposal-lifecycle.ts";
import { applyGrants, type GrantResources } from "./constructs/apply-grants.ts";
import { Operations } from "./constructs/operations.ts";
import { ProjectFunction } from "./constructs/project-function.ts";
import { addEdgeDistribution } from "./edge.ts";
import { acknowledge, nagResourceText } from "./nag.ts";

/** The export name of the lifecycle's ARN (infra/routes-stack.ts imports it). */
export const STATE_MACHINE_ARN_EXPORT = "Project8App-StateMachineArn";

export interface AppStackProps extends StackProps {
  readonly dataTable: ITable;
  readonly auditTable: ITable;
  readonly personalDataKey: IKey;
  readonly pseudonymKey: IKey;
  readonly auditSigningKey: IKey;
  readonly auditDigestBucket: IBucket;
  readonly attachmentsBucket: IBucket;
  readonly userPool: IUserPool;
  readonly mailIdentity: IEmailIdentity;
  readonly mailConfigurationSet: IConfigurationSet;
  readonly mailFrom: string;
  readonly alarmTopic: ITopic;
  /** Base URL of the Cognito managed login (AUTH_DOMAIN of the web functions). */
  readonly authDomainUrl: string;
  /**
   * Base of links in emails and of the web sign-in's redirect_uri; defaults to the front's
   * address: the CloudFront distribution with `edgeWebAclArn`, else the HTTP API's endpoint.
   */
  readonly appBaseUrl?: string;
  /** Further OAuth callback / sign-out URLs of the web client (e.g. http://localhost:3000/...). */
  readonly extraCallbackUrls?: readonly string[];
  readonly extraLogoutUrls?: readonly string[];
  /** The WAF web ACL (us-east-1) of the optional CloudFront front (`-c waf=true`). */
  readonly edgeWebAclArn?: string;
  /** Reserve concurrency where the contract asks for it. @default true */
  readonly reserveConcurrency?: boolean;
  /** @default 30 days */
  readonly reviewTimeout?: Duration;
  /** @default 365 days */
  readonly disbursementTimeout?: Duration;
}

/**
 * Stateless resources: the HTTP API and its JWT authorizer, the web client, the lifecycle and
 * its task functions, the scheduled functions, alarms and the dashboard. The route functions
 * are in one stack per route group (infra/routes-stack.ts), the API's stage in its own
 * (infra/stage-stack.ts): a single stack would pass CloudFormation's 500 resources.
 */
export class AppStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stateMachine: StateMachine;
  /**
   * The web sign-in's app client. It lives here, not with the user pool, because its callback
   * URL is <app base URL>/auth/callback and the base URL (the API endpoint or the CloudFront
   * domain) exists only in this stack: so the first deployment registers the right callback,
   * with no second pass (the client holds no data; the pool and its users stay in Project8Data).
   */
  readonly userPoolClient: UserPoolClient;
  /** The address users and email links use. */
  readonly appBaseUrl: string;
  /** Every function by its contract id. */
  readonly functions: ReadonlyMap<string, ProjectFunction>;
  readonly operations: Operations;
  /** What the contract's grants name: tables, keys, buckets, mail, the state machine. */
  readonly grantResources: GrantResources;
  readonly jwtAuthorizer: HttpAuthorizer;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const functions = new Map<string, ProjectFunction>();
    this.functions = functions;

    // The API has no dependency on the functions, so they can carry its URL without a cycle.
    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: "project8-proposals",
      description: "Project 8 proposals API",
      createDefaultStage: false,
    });
    const edge = props.edgeWebAclArn
      ? addEdgeDistribution(this, this.httpApi, props.edgeWebAclArn)
      : undefined;
    const appBaseUrl =
      props.appBaseUrl ??
      (edge ? `https://${edge.distributionDomainName}` : this.httpApi.apiEndpoint);
    this.appBaseUrl = appBaseUrl;
    this.userPoolClient = this.newWebClient(props, appBaseUrl);

    const newFunction = (
      def: FunctionContract,
      reservedConcurrentExecutions?: number,
    ): ProjectFunction => {
      const fn = new ProjectFunction(this, def.id, {
        entry: def.entry,
        appBaseUrl,
        userPool: props.userPool,
        userPoolClient: this.userPoolClient,
        ...(def.timeoutSeconds ? { timeout: Duration.seconds(def.timeoutSeconds) } : {}),
        ...(reservedConcurrentExecutions !== undefined && (props.reserveConcurrency ?? true)
          ? { reservedConcurrentExecutions }
          : {}),
      });
      if (functions.has(def.id)) throw new Error(`duplicate function id ${def.id}`);
      functions.set(def.id, fn);
      return fn;
    };
    const baseResources: GrantResources = {
      dataTable: props.dataTable,
      auditTable: props.auditTable,
      personalDataKey: props.personalDataKey,
      pseudonymKey: props.pseudonymKey,
      mailIdentity: props.mailIdentity,
      mailFrom: props.mailFrom,
      mailConfigurationSet: props.mailConfigurationSet,
      auditSigningKey: props.auditSigningKey,
      auditDigestBucket: props.auditDigestBucket,
      attachmentsBucket: props.attachmentsBucket,
    };

    // The lifecycle's own tasks never get the state machine: that would be a dependency cycle.
    const wf = WORKFLOW_FUNCTIONS;
    const tasks = {
      openReview: newFunction(wf.openReview),
      verifyReview: newFunction(wf.verifyReview),
      recordFailure: newFunction(wf.recordFailure),
      expireReview: newFunction(wf.expireReview),
      checkNorms: newFunction(wf.checkNorms),
      openDisbursement: newFunction(wf.openDisbursement),
    };
    for (const key of Object.keys(tasks) as (keyof typeof tasks)[]) {
      applyGrants(tasks[key], wf[key].grants, baseResources);
    }
    this.stateMachine = this.newStateMachine(tasks, props);
    const resources: GrantResources = { ...baseResources, stateMachine: this.stateMachine };

    this.grantResources = resources;
    // One authorizer for the API; the route groups' stacks attach their routes to it by id.
    this.jwtAuthorizer = new HttpAuthorizer(this, "CognitoJwt", {
      httpApi: this.httpApi,
      type: HttpAuthorizerType.JWT,
      authorizerName: "cognito-jwt",
      identitySource: ["$request.header.Authorization"],
      jwtIssuer: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });

    for (const def of Object.values(SCHEDULED_FUNCTIONS) as (FunctionContract & {
      schedule: string;
    })[]) {
      const fn = newFunction(def, def.reservedConcurrency);
      applyGrants(fn, def.grants, resources);
      new Rule(this, `${def.id}Schedule`, {
        description: `Runs ${def.id} (${def.schedule}): ${def.description}`,
        schedule: Schedule.expression(def.schedule),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
    }

    this.operations = new Operations(this, "Operations", {
      alarmTopic: props.alarmTopic,
      stateMachine: this.stateMachine,
      functions,
      tables: { DataTable: props.dataTable, AuditTable: props.auditTable },
      httpApi: this.httpApi,
    });

    new CfnOutput(this, "ApiEndpoint", { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, "AppBaseUrl", {
      description: "Where users and email links reach the app",
      value: appBaseUrl,
    });
    // A named export: the route groups import it by this name, so the text cdk-nag shows for
    // their execution-ARN grants is the same at construction and at synthesis.
    new CfnOutput(this, "StateMachineArn", {
      value: this.stateMachine.stateMachineArn,
      exportName: STATE_MACHINE_ARN_EXPORT,
    });
    new CfnOutput(this, "UserPoolClientId", {
      description: "The web app client (JWT audience of the API)",
      value: this.userPoolClient.userPoolClientId,
    });
    new CfnOutput(this, "WebSignInCallbackUrl", {
      description: "The OAuth callback registered on the web client",
      value: `${appBaseUrl}/auth/callback`,
    });
  }

  /** The web sign-in's app client: code flow with PKCE, no secret, callback from the app's base URL. */
  private newWebClient(props: AppStackProps, appBaseUrl: string): UserPoolClient {
    const unique = (urls: readonly string[]) => [...new Set(urls)];
    return new UserPoolClient(this, "UserPoolWebClient", {
      userPool: props.userPool,
      userPoolClientName: "project8-web",
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [
          OAuthScope.OPENID,
          OAuthScope.EMAIL,
          OAuthScope.PROFILE,
          // The access token may call the user's own TOTP enrolment (functions/web/post-mfa-page.ts).
          OAuthScope.COGNITO_ADMIN,
        ],
        // functions/web/auth-sign-in.ts sends <APP_BASE_URL>/auth/callback as redirect_uri.
        callbackUrls: unique([`${appBaseUrl}/auth/callback`, ...(props.extraCallbackUrls ?? [])]),
        logoutUrls: unique([`${appBaseUrl}/app`, ...(props.extraLogoutUrls ?? [])]),
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
  }

  private newStateMachine(
    tasks: Parameters<typeof buildProposalLifecycle>[1],
    props: AppStackProps,
  ): StateMachine {
    const logs = new LogGroup(this, "ProposalLifecycleLogs", {
      retention: RetentionDays.ONE_YEAR,
    });
    const definition = buildProposalLifecycle(this, tasks, {
      ...(props.reviewTimeout ? { reviewTimeout: props.reviewTimeout } : {}),
      ...(props.disbursementTimeout ? { disbursementTimeout: props.disbursementTimeout } : {}),
    });
    const sm = new StateMachine(this, "ProposalLifecycle", {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      // Execution data would put task tokens in the logs; they live only in DynamoDB.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(
      sm,
      "AwsSolutions-IAM5",
      "Log delivery and X-Ray actions support only resource '*'.",
      ["Resource::*"],
    );
    acknowledge(
      sm,
      "AwsSolutions-IAM5",
      "The LambdaInvoke tasks grant <function arn>:* so that versions and aliases of the four task functions can be invoked; no other function is reachable.",
      Object.values(tasks).map((fn) => `Resource::${nagResourceText(fn, `${fn.functionArn}:*`)}`),
    );
    return sm;
  }
}
