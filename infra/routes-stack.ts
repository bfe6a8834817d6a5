import { Duration, Fn, Stack, type StackProps } from "aws-cdk-lib";
import {
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IUserPool, IUserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import { answersHead, type RouteContract } from "../shared/contract/define.ts";
import { PUBLIC_ROUTE_LIMITS, publicRouteClass } from "./abuse-limits.ts";
import { applyGrants, type GrantResources } from "./constructs/apply-grants.ts";
import { functionAlarm } from "./constructs/function-alarm.ts";
import { ProjectFunction } from "./constructs/project-function.ts";
import { acknowledge } from "./nag.ts";
import { STATE_MACHINE_ARN_EXPORT } from "./stateless-stack.ts";

export interface RoutesStackProps extends StackProps {
  readonly routes: readonly RouteContract[];
  readonly httpApi: IHttpApi;
  /** The Cognito JWT authorizer, created once in the app stack. */
  readonly jwtAuthorizerId: string;
  /** Tables, keys, buckets and mail; the state machine is imported by its export name. */
  readonly resources: GrantResources;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly appBaseUrl: string;
  readonly authDomainUrl: string;
  readonly alarmTopic: ITopic;
  /** Reserve concurrency for the public functions. @default true */
  readonly reservePublicConcurrency?: boolean;
}

/**
 * The functions and HTTP API routes of one route group (shared/contract/routes.ts), each with
 * its grants and its alarm. The API, its JWT authorizer and the lifecycle live in the app
 * stack; the stage, which names public routes in its throttling settings, in the stage stack
 * deployed after every route group.
 */
export class RoutesStack extends Stack {
  /** Every function of the group by its contract id. */
  readonly functions: ReadonlyMap<string, ProjectFunction>;

  constructor(scope: Construct, id: string, props: RoutesStackProps) {
    super(scope, id, props);
    const functions = new Map<string, ProjectFunction>();
    this.functions = functions;
    const reserve = props.reservePublicConcurrency ?? true;
    const jwt = HttpAuthorizer.fromHttpAuthorizerAttributes(this, "CognitoJwt", {
      authorizerId: props.jwtAuthorizerId,
      authorizerType: HttpAuthorizerType.JWT,
    });
    const none = new HttpNoneAuthorizer();
    const resources: GrantResources = {
      ...props.resources,
      stateMachine: StateMachine.fromStateMachineArn(
        this,
        "Lifecycle",
        Fn.importValue(STATE_MACHINE_ARN_EXPORT),
      ),
    };

    for (const route of props.routes) {
      const limit =
        route.auth === "none" ? PUBLIC_ROUTE_LIMITS[publicRouteClass(route)] : undefined;
      const fn = new ProjectFunction(this, route.id, {
        entry: route.entry,
        appBaseUrl: props.appBaseUrl,
        userPool: props.userPool,
        userPoolClient: props.userPoolClient,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
        ...(reserve && limit ? { reservedConcurrentExecutions: limit.reservedConcurrency } : {}),
      });
      if (functions.has(route.id)) throw new Error(`duplicate function id ${route.id}`);
      functions.set(route.id, fn);
      applyGrants(fn, route.grants, resources);
      // Pages send a visitor without a session to the sign-in; the sign-in routes need it too.
      if (route.entry.startsWith("functions/web/")) fn.bindWebSignIn(props.authDomainUrl);
      const integration = new HttpLambdaIntegration(`${route.id}Integration`, fn, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      });
      // A page's HEAD twin shares the GET route's integration (and its permission, */*/path).
      const methods = answersHead(route) ? [route.method, "HEAD" as const] : [route.method];
      for (const method of methods) {
        const httpRoute = new HttpRoute(this, `${method}${route.path}`, {
          httpApi: props.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[method]),
          integration,
          authorizer: route.auth === "jwt" ? jwt : none,
        });
        if (route.auth === "none") {
          acknowledge(
            httpRoute,
            "AwsSolutions-APIG4",
            `${method} ${route.path} is public on purpose (auth "none" in the contract): API documentation, or web pages and the sign-in, which verify the p8_token cookie themselves.`,
          );
        }
      }
      functionAlarm(this, route.id, fn, props.alarmTopic);
    }
  }
}
