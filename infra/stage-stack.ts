import { Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CfnStage,
  HttpStage,
  type IHttpApi,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { answersHead, type RouteContract } from "../shared/contract/define.ts";
import { PUBLIC_ROUTE_LIMITS, publicRouteClass, STAGE_DEFAULT_LIMIT } from "./abuse-limits.ts";

export interface StageStackProps extends StackProps {
  readonly httpApi: IHttpApi;
  /** Every route of the API: the public ones get tighter throttling. */
  readonly routes: readonly RouteContract[];
}

/**
 * The HTTP API's `$default` stage (auto-deployed, access logs, throttling). It is its own
 * stack, deployed after every route group: its route settings name public routes by key, and
 * API Gateway refuses settings for a route that does not exist yet.
 */
export class StageStack extends Stack {
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: StageStackProps) {
    super(scope, id, props);
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
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: props.httpApi,
      stageName: "$default",
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format },
      throttle: STAGE_DEFAULT_LIMIT,
    });
    this.throttlePublicRoutes(props.routes);
  }

  /** Tighter stage throttling for every public route (infra/abuse-limits.ts). */
  private throttlePublicRoutes(routes: readonly RouteContract[]): void {
    const cfn = this.stage.node.defaultChild;
    if (!(cfn instanceof CfnStage)) throw new Error("the default stage has no CfnStage");
    const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
      {};
    for (const route of routes.filter((r) => r.auth === "none")) {
      const limit = PUBLIC_ROUTE_LIMITS[publicRouteClass(route)];
      const methods = answersHead(route) ? [route.method, "HEAD"] : [route.method];
      for (const method of methods)
        settings[`${method} ${route.path}`] = {
          ThrottlingRateLimit: limit.rateLimit,
          ThrottlingBurstLimit: limit.burstLimit,
        };
    }
    cfn.addPropertyOverride("RouteSettings", settings);
  }
}
