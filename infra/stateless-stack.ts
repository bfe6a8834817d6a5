import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IUserPool, IUserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IEmailIdentity } from "aws-cdk-lib/aws-ses";
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
import { applyGrants, type GrantResources } from "./constructs/apply-grants.ts";
import { ProjectFunction } from "./constructs/project-function.ts";
import { acknowledge, nagResourceText } from "./nag.ts";

export interface AppStackProps extends StackProps {
  readonly dataTable: ITable;
  readonly auditTable: ITable;
  readonly personalDataKey: IKey;
  readonly pseudonymKey: IKey;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly mailIdentity: IEmailIdentity;
  readonly mailFrom: string;
  /** Base URL of the Cognito managed login (AUTH_DOMAIN of the web functions). */
  readonly authDomainUrl: string;
  /** Base of links in emails; defaults to the HTTP API's endpoint. */
  readonly appBaseUrl?: string;
  /** @default 30 days */
  readonly reviewTimeout?: Duration;
  /** @default 365 days */
  readonly disbursementTimeout?: Duration;
}

/** Stateless resources: one function per contract route or function, the HTTP API, the lifecycle, the schedules. */
export class AppStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stateMachine: StateMachine;
  /** Every function by its contract id. */
  readonly functions: ReadonlyMap<string, ProjectFunction>;

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
    const appBaseUrl = props.appBaseUrl ?? this.httpApi.apiEndpoint;
    this.addDefaultStage();

    const newFunction = (def: FunctionContract | RouteContract): ProjectFunction => {
      const fn = new ProjectFunction(this, def.id, {
        entry: def.entry,
        appBaseUrl,
        userPool: props.userPool,
        userPoolClient: props.userPoolClient,
        ...(def.timeoutSeconds ? { timeout: Duration.seconds(def.timeoutSeconds) } : {}),
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
    };

    // The lifecycle's own tasks never get the state machine: that would be a dependency cycle.
    const wf = WORKFLOW_FUNCTIONS;
    const tasks = {
      openReview: newFunction(wf.openReview),
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
        jwtAudience: [props.userPoolClient.userPoolClientId],
        identitySource: ["$request.header.Authorization"],
      },
    );
    const none = new HttpNoneAuthorizer();
    for (const route of ROUTES) {
      const fn = newFunction(route);
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

    for (const def of Object.values(SCHEDULED_FUNCTIONS)) {
      const fn = newFunction(def);
      applyGrants(fn, def.grants, resources);
      new Rule(this, `${def.id}Schedule`, {
        description: `Runs ${def.id} (${def.schedule}): ${def.description}`,
        schedule: Schedule.expression(def.schedule),
        targets: [new LambdaFunction(fn, { retryAttempts: 2 })],
      });
    }

    new CfnOutput(this, "ApiEndpoint", { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, "StateMachineArn", { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, "WebSignInCallbackUrl", {
      description:
        "Must be a callback URL of the web client: deploy with -c appBaseUrl=<this URL without /auth/callback>",
      value: `${appBaseUrl}/auth/callback`,
    });
  }

  private addDefaultStage(): void {
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
    new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format },
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
