import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
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
import type { FunctionContract, RouteContract } from "../shared/contract/define.ts";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../shared/contract/index.ts";
import { buildProposalLifecycle } from "../workflows/proposal-lifecycle.ts";
import { PUBLIC_ROUTE_LIMITS, publicRouteClass, STAGE_DEFAULT_LIMIT } from "./abuse-limits.ts";
import { applyGrants, type GrantResources } from "./constructs/apply-grants.ts";
import { Operations } from "./constructs/operations.ts";
import { ProjectFunction } from "./constructs/project-function.ts";
import { addEdgeDistribution } from "./edge.ts";
import { acknowledge, nagResourceText } from "./nag.ts";

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
  /** Reserve concurrency for the public functions. @default true */
  readonly reservePublicConcurrency?: boolean;
  /** @default 30 days */
  readonly reviewTimeout?: Duration;
  /** @default 365 days */
  readonly disbursementTimeout?: Duration;
}

/** Stateless resources: one function per contract route or function, the HTTP API, the lifecycle, the schedules. */
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
  private readonly stage: HttpStage;

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
    this.stage = this.addDefaultStage();
    this.userPoolClient = this.newWebClient(props, appBaseUrl);

    const reserve = props.reservePublicConcurrency ?? true;
    const newFunction = (
      def: FunctionContract | RouteContract,
      reservedConcurrentExecutions?: number,
    ): ProjectFunction => {
      const fn = new ProjectFunction(this, def.id, {
        entry: def.entry,
        appBaseUrl,
        userPool: props.userPool,
        userPoolClient: this.userPoolClient,
        ...(def.timeoutSeconds ? { timeout: Duration.seconds(def.timeoutSeconds) } : {}),
        ...(reserve && reservedConcurrentExecutions !== undefined
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

    const jwt = new HttpJwtAuthorizer(
      "CognitoJwt",
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      {
        authorizerName: "cognito-jwt",
        jwtAudience: [this.userPoolClient.userPoolClientId],
        identitySource: ["$request.header.Authorization"],
      },
    );
    const none = new HttpNoneAuthorizer();
    for (const route of ROUTES) {
      const limit =
        route.auth === "none" ? PUBLIC_ROUTE_LIMITS[publicRouteClass(route)] : undefined;
      const fn = newFunction(route, limit?.reservedConcurrency);
      applyGrants(fn, route.grants, resources);
      // Pages send a visitor without a session to the sign-in; the sign-in routes need it too.
      if (route.entry.startsWith("functions/web/")) fn.bindWebSignIn(props.authDomainUrl);
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        }),
        authorizer: route.auth === "jwt" ? jwt : none,
      });
    }
    this.suppressPublicRoutes();
    this.throttlePublicRoutes();

    for (const def of Object.values(SCHEDULED_FUNCTIONS)) {
      const fn = newFunction(def);
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
    new CfnOutput(this, "StateMachineArn", { value: this.stateMachine.stateMachineArn });
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
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // functions/web/auth-sign-in.ts sends <APP_BASE_URL>/auth/callback as redirect_uri.
        callbackUrls: unique([`${appBaseUrl}/auth/callback`, ...(props.extraCallbackUrls ?? [])]),
        logoutUrls: unique([`${appBaseUrl}/app/tasks`, ...(props.extraLogoutUrls ?? [])]),
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

  private addDefaultStage(): HttpStage {
    const accessLogs = new LogGroup(this, "ApiAccessLogs", { retention: RetentionDays.ONE_YEAR });
    // No path or query string: ids in paths are harmless, but nothing personal ever reaches a log.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: "$context.requestId",
        time: "$context.requestTime",
        ip: "$context.identity.sourceIp",
        routeKey: "$context.routeKey",
        status: "$context.status",
        latencyMs: "$context.responseLatency",
        integrationError: "$context.integrationErrorMessage",
        authorizerError: "$context.authorizer.error",
      }),
    );
    return new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format },
      throttle: STAGE_DEFAULT_LIMIT,
    });
  }

  /**
   * Tighter stage throttling for every public route (infra/abuse-limits.ts). Route settings
   * name routes by key, so the stage is created after them.
   */
  private throttlePublicRoutes(): void {
    const cfn = this.stage.node.defaultChild;
    if (!(cfn instanceof CfnStage)) throw new Error("the default stage has no CfnStage");
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
      {};
    for (const route of ROUTES.filter((r) => r.auth === "none")) {
      const limit = PUBLIC_ROUTE_LIMITS[publicRouteClass(route)];
      settings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      };
      const routeConstruct = this.httpApi.node.tryFindChild(`${route.method}${route.path}`);
      if (routeConstruct) this.stage.node.addDependency(routeConstruct);
    }
    cfn.addPropertyOverride("RouteSettings", settings);
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

  private suppressPublicRoutes(): void {
    for (const route of ROUTES.filter((r) => r.auth === "none")) {
      const routeConstruct = this.httpApi.node.tryFindChild(`${route.method}${route.path}`);
      if (!routeConstruct) throw new Error(`route construct of ${route.id} not found`);
      acknowledge(
        routeConstruct,
        "AwsSolutions-APIG4",
        `${route.method} ${route.path} is public on purpose (auth "none" in the contract): API documentation, or web pages and the sign-in, which verify the p8_token cookie themselves.`,
      );
    }
  }
}
