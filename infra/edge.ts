/**
 * The optional front (`-c waf=true`): a CloudFront distribution in front of the HTTP API with
 * an AWS WAF web ACL. HTTP APIs cannot carry a web ACL themselves (WAF attaches to REST APIs,
 * not HTTP APIs), and a CloudFront web ACL must live in us-east-1: so the ACL has a stack of
 * its own there (`Project8Edge`), and the distribution, in the app stack, reads its ARN through
 * CDK's cross-region references (an SSM parameter written in us-east-1, read by a custom
 * resource in the app's region). Both stacks therefore need an explicit region.
 */
import { Fn, Stack, type StackProps } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import { acknowledge } from "./nag.ts";

/** Per client IP over 5 minutes (WAF's evaluation window). */
export const WAF_RATE_LIMITS = {
  /** Email-link pages, sign-in and docs: a person needs a handful. */
  publicPaths: 100,
  /** Everything else, per IP: a busy approver's day stays far below. */
  anyPath: 1000,
} as const;

/** Paths that are public at the gateway (see infra/abuse-limits.ts). */
const PUBLIC_PATH_PREFIXES = ["/l/", "/auth/", "/docs", "/openapi.json"] as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

function managedRule(
  name: string,
  priority: number,
  countInstead: readonly string[] = [],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name,
        ...(countInstead.length > 0
          ? {
              ruleActionOverrides: countInstead.map((rule) => ({
                name: rule,
                actionToUse: { count: {} },
              })),
            }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function startsWith(prefix: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: "STARTS_WITH",
      searchString: prefix,
      textTransformations: [{ priority: 0, type: "NONE" }],
    },
  };
}

/** The web ACL of the front, in us-east-1 (scope CLOUDFRONT). */
export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      name: "project8-edge",
      description: "Project 8: managed rule groups and per-IP rate limits in front of the HTTP API",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("project8-edge"),
      rules: [
        managedRule("AWSManagedRulesAmazonIpReputationList", 0),
        // Norm sets and proposals with many items are JSON bodies above the group's 8 KB limit.
        managedRule("AWSManagedRulesCommonRuleSet", 1, ["SizeRestrictions_BODY"]),
        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 2),
        {
          name: "RateLimitPublicPaths",
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: WAF_RATE_LIMITS.publicPaths,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
              scopeDownStatement: {
                orStatement: { statements: PUBLIC_PATH_PREFIXES.map(startsWith) },
              },
            },
          },
          visibilityConfig: visibility("RateLimitPublicPaths"),
        },
        {
          name: "RateLimitPerIp",
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: WAF_RATE_LIMITS.anyPath,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility("RateLimitPerIp"),
        },
      ],
    });
  }
}

/**
 * The distribution in front of the API: nothing cached (every response is per user), every
 * viewer header but Host forwarded (API Gateway routes on its own host name; with caching off
 * CloudFront forwards Authorization and cookies too), HTTPS only, security headers (HSTS).
 */
export function addEdgeDistribution(scope: Construct, httpApi: HttpApi, webAclArn: string) {
  // apiEndpoint is https://<id>.execute-api.<region>.<suffix>: the origin is its host name.
  const apiHost = Fn.select(2, Fn.split("/", httpApi.apiEndpoint));
  const distribution = new Distribution(scope, "EdgeDistribution", {
    comment: "Project 8: WAF and rate limits in front of the HTTP API",
    defaultBehavior: {
      origin: new HttpOrigin(apiHost),
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
    },
    webAclId: webAclArn,
    priceClass: PriceClass.PRICE_CLASS_200,
    httpVersion: HttpVersion.HTTP2_AND_3,
  });
  acknowledge(
    distribution,
    "AwsSolutions-CFR1",
    "No geo restriction: provincial and commune officers also work from outside Viet Nam (training, travel); the WAF rate rules and IP reputation list bound abuse instead.",
  );
  acknowledge(
    distribution,
    "AwsSolutions-CFR3",
    "Every request reaches the HTTP API, whose stage writes a JSON access log; WAF keeps sampled requests and metrics. CloudFront standard logs would need an ACL-enabled bucket for a copy of the same.",
  );
  acknowledge(
    distribution,
    "AwsSolutions-CFR4",
    "The distribution uses CloudFront's default certificate (*.cloudfront.net), whose TLS policy cannot be set; a custom domain with an ACM certificate in us-east-1 (TLSv1.2_2021) is the production follow-up (docs/deploy.md).",
  );
  return distribution;
}
