import { readFileSync } from "node:fs";
import path from "node:path";
import { type App, type AppProps, Aws, type Environment, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ROUTE_GROUPS, ROUTES, type RouteGroup } from "../shared/contract/index.ts";
import { PROJECT_ROOT } from "./constructs/project-function.ts";
import { EdgeStack } from "./edge.ts";
import { keyUsersFromGrants } from "./key-users.ts";
import { RoutesStack } from "./routes-stack.ts";
import { assertWithinResourceBudget } from "./stack-limits.ts";
import { StageStack } from "./stage-stack.ts";
import { DataStack } from "./stateful-stack.ts";
import { AppStack } from "./stateless-stack.ts";

export interface BuildAppOptions {
  /** Explicit account/region; otherwise from context `account`/`region`, else environment-agnostic. */
  readonly env?: Environment;
}

/** Context keys read by the app (`-c key=value` or cdk.json); docs/deploy.md describes each. */
export const CONTEXT = {
  mailDomain: "mailDomain",
  mailFrom: "mailFrom",
  appBaseUrl: "appBaseUrl",
  callbackUrls: "callbackUrls",
  logoutUrls: "logoutUrls",
  authDomainPrefix: "authDomainPrefix",
  alarmEmail: "alarmEmail",
  keyAdminRoleArn: "keyAdminRoleArn",
  digestRetentionYears: "digestRetentionYears",
  reservedConcurrency: "reservedConcurrency",
  waf: "waf",
  account: "account",
  region: "region",
} as const;

/** The managed login prefix of in-process syntheses (tests, the local stack), which sign in locally. */
export const LOCAL_AUTH_DOMAIN_PREFIX = "project8-local";

/**
 * App props for an in-process synthesis (tests, the local stack): no esbuild bundling and no
 * built-in CloudFormation schema validation, which alone takes 5-9 s here (`cdk synth` keeps
 * it), and the context that `cdk deploy` must be given explicitly. Use as
 * `new App({ ...IN_PROCESS_APP_PROPS, outdir })`.
 */
export const IN_PROCESS_APP_PROPS = {
  builtinCloudFormationValidation: false,
  context: { "aws:cdk:bundling-stacks": [], authDomainPrefix: LOCAL_AUTH_DOMAIN_PREFIX },
} as const satisfies AppProps;

const DEFAULT_MAIL_DOMAIN = "example.org";
const DEFAULT_DIGEST_RETENTION_YEARS = 10;
export const STACK_NAMES = {
  data: "Project8Data",
  app: "Project8App",
  stage: "Project8Stage",
  edge: "Project8Edge",
} as const;

/** The stack of one route group (shared/contract/routes.ts), e.g. `Project8RoutesMoney`. */
export function routesStackName(group: RouteGroup): string {
  return `Project8Routes${group}`;
}

/** The stacks `buildApp` adds. */
export interface ProjectStacks {
  readonly data: DataStack;
  readonly api: AppStack;
  /** One stack per route group, in the order of ROUTE_GROUPS. */
  readonly routes: readonly RoutesStack[];
  readonly stage: StageStack;
  readonly edge?: EdgeStack;
}

/**
 * Adds the stacks of the project to `app`: `Project8Data` (stateful), `Project8App` (stateless,
 * depends on the first) and, with `-c waf=true`, `Project8Edge` (the WAF web ACL, us-east-1).
 * Does no lookups, so it synthesizes offline. Throws a message naming the context key when a
 * required value is missing or malformed.
 */
export function buildApp(app: App, opts: BuildAppOptions = {}): ProjectStacks {
  applyProjectContext(app);
  const env = opts.env ?? envFromContext(app);
  const common = env ? { env } : {};
  const appBaseUrl = contextUrl(app, CONTEXT.appBaseUrl)?.replace(/\/+$/, "");
  const mailDomain = contextString(app, CONTEXT.mailDomain) ?? DEFAULT_MAIL_DOMAIN;
  const waf = contextFlag(app, CONTEXT.waf, false);
  if (waf && !env?.region) {
    throw new Error(
      "context waf=true puts the WAF web ACL in us-east-1 and reads it across regions, which needs an explicit environment: add -c account=<account id> -c region=<region>",
    );
  }

  const data = new DataStack(app, STACK_NAMES.data, {
    ...common,
    description:
      "Project 8 proposals: tables, keys, buckets, user pool and its sign-in domain, mail identity, alarm topic, backups",
    terminationProtection: true,
    mailDomain,
    mailFrom: mailFromContext(app, mailDomain),
    authDomainPrefix: authDomainPrefix(app),
    functionStackName: STACK_NAMES.app,
    keyUsers: keyUsersFromGrants(),
    digestRetentionYears: contextInteger(
      app,
      CONTEXT.digestRetentionYears,
      DEFAULT_DIGEST_RETENTION_YEARS,
      1,
      100,
    ),
    attachmentOrigins: attachmentOrigins(appBaseUrl, waf),
    ...optional("alarmEmail", contextEmail(app, CONTEXT.alarmEmail)),
    ...optional("keyAdminRoleArn", contextRoleArn(app, CONTEXT.keyAdminRoleArn)),
  });

  const edge =
    waf && env
      ? new EdgeStack(app, STACK_NAMES.edge, {
          env: { ...env, region: "us-east-1" },
          description: "Project 8 proposals: WAF web ACL of the CloudFront front (us-east-1)",
        })
      : undefined;

  const api = new AppStack(app, STACK_NAMES.app, {
    ...common,
    ...(edge ? { crossRegionReferences: true } : {}),
    description:
      "Project 8 proposals: functions, HTTP API, lifecycle state machine, schedules, alarms",
    dataTable: data.dataTable,
    auditTable: data.auditTable,
    personalDataKey: data.personalDataKey,
    pseudonymKey: data.pseudonymKey,
    auditSigningKey: data.auditSigningKey,
    auditDigestBucket: data.auditDigestBucket,
    attachmentsBucket: data.attachmentsBucket,
    userPool: data.userPool,
    authDomainUrl: data.userPoolDomain.baseUrl(),
    mailIdentity: data.mailIdentity,
    mailConfigurationSet: data.mailConfigurationSet,
    mailFrom: data.mailFrom,
    alarmTopic: data.alarmTopic,
    ...(appBaseUrl ? { appBaseUrl } : {}),
    ...optional("extraCallbackUrls", contextList(app, CONTEXT.callbackUrls)),
    ...optional("extraLogoutUrls", contextList(app, CONTEXT.logoutUrls)),
    ...(edge ? { edgeWebAclArn: edge.webAcl.attrArn } : {}),
  });
  const routes = (Object.keys(ROUTE_GROUPS) as RouteGroup[]).map(
    (group) =>
      new RoutesStack(app, routesStackName(group), {
        ...common,
        description: `Project 8 proposals: the ${group} routes' functions and HTTP API routes`,
        routes: ROUTE_GROUPS[group],
        httpApi: api.httpApi,
        jwtAuthorizerId: api.jwtAuthorizer.authorizerId,
        resources: api.grantResources,
        userPool: data.userPool,
        userPoolClient: api.userPoolClient,
        appBaseUrl: api.appBaseUrl,
        authDomainUrl: data.userPoolDomain.baseUrl(),
        alarmTopic: data.alarmTopic,
        reservePublicConcurrency: contextFlag(app, CONTEXT.reservedConcurrency, true),
      }),
  );
  const stage = new StageStack(app, STACK_NAMES.stage, {
    ...common,
    description: "Project 8 proposals: the HTTP API's stage (access logs, throttling)",
    httpApi: api.httpApi,
    routes: ROUTES,
  });
  // The stage's route settings name routes that must exist first.
  for (const r of routes) stage.addStackDependency(r, "its route settings name their routes");
  assertWithinResourceBudget([data, api, ...routes, stage]);
  return { data, api, routes, stage, ...(edge ? { edge } : {}) };
}

/**
 * The cdk-nag AwsSolutions pack as a policy validation plugin (cdk-nag v3): `cdk synth` (and
 * so `cdk deploy`) fails on any finding not acknowledged with a reason in infra/nag.ts style.
 */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function authDomainPrefix(app: App): string {
  const prefix = contextString(app, CONTEXT.authDomainPrefix);
  if (!prefix) {
    throw new Error(
      "context authDomainPrefix is required: the prefix of the Cognito sign-in domain https://<prefix>.auth.<region>.amazoncognito.com, unique across all AWS accounts in the region. Pass -c authDomainPrefix=<your-prefix> (e.g. hlhpn-laocai-p8) or set it in cdk.json's context.",
    );
  }
  // Cognito: lower-case letters, digits and hyphens, no leading/trailing hyphen, and the
  // reserved words below are refused at deploy time: refuse them at synthesis instead.
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `context authDomainPrefix "${prefix}" is not a Cognito domain prefix: use 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, without "aws", "amazon" or "cognito"`,
    );
  }
  return prefix;
}

function mailFromContext(app: App, mailDomain: string): string {
  const from = contextString(app, CONTEXT.mailFrom) ?? `no-reply@${mailDomain}`;
  const at = from.lastIndexOf("@");
  if (at < 1 || from.slice(at + 1).toLowerCase() !== mailDomain.toLowerCase()) {
    throw new Error(
      `context mailFrom "${from}" must be an address of mailDomain "${mailDomain}" (the SES identity this app verifies)`,
    );
  }
  return from;
}

/**
 * Origins allowed to PUT attachments with presigned URLs. The app's own origin when it is
 * known at synthesis (`appBaseUrl`); otherwise the app is served from an address that only the
 * stateless stack creates (the API endpoint or the CloudFront domain), which this stack cannot
 * reference without a cycle, so the pattern of such addresses in the region is allowed. CORS
 * only lets a browser page read the response: the presigned URL is what authorizes an upload.
 */
function attachmentOrigins(appBaseUrl: string | undefined, waf: boolean): string[] {
  if (appBaseUrl) return [new URL(appBaseUrl).origin];
  return [
    `https://*.execute-api.${Aws.REGION}.amazonaws.com`,
    ...(waf ? ["https://*.cloudfront.net"] : []),
  ];
}

/**
 * The CLI passes cdk.json's context (feature flags) to the app; an in-process `new App()`
 * (tests, the local stack) does not. Applying it here makes every synthesis render the same
 * template. Values already set on the app win.
 */
function applyProjectContext(app: App): void {
  const cdkJson: unknown = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdk.json"), "utf8"));
  const context =
    typeof cdkJson === "object" && cdkJson !== null && "context" in cdkJson ? cdkJson.context : {};
  if (typeof context !== "object" || context === null) return;
  for (const [key, value] of Object.entries(context)) {
    if (app.node.tryGetContext(key) === undefined) app.node.setContext(key, value);
  }
}

function envFromContext(app: App): Environment | undefined {
  const account = contextString(app, CONTEXT.account);
  const region = contextString(app, CONTEXT.region);
  if (!account && !region) return undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

function contextUrl(app: App, key: string): string | undefined {
  const value = contextString(app, key);
  if (value === undefined) return undefined;
  if (!/^https:\/\/[^/\s]+(\/\S*)?$/.test(value)) {
    throw new Error(`context ${key} must be an https:// URL, got "${value}"`);
  }
  return value;
}

function contextEmail(app: App, key: string): string | undefined {
  const value = contextString(app, key);
  if (value !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
    throw new Error(`context ${key} must be an email address, got "${value}"`);
  }
  return value;
}

function contextRoleArn(app: App, key: string): string | undefined {
  const value = contextString(app, key);
  if (value !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(value)) {
    throw new Error(
      `context ${key} must be an IAM role ARN with its path (arn:aws:iam::<account>:role/<path/name>), got "${value}"`,
    );
  }
  return value;
}

/** true/false from cdk.json (boolean) or the command line ("true"/"false"). */
function contextFlag(app: App, key: string, fallback: boolean): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

function contextInteger(app: App, key: string, fallback: number, min: number, max: number) {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return fallback;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(
      `context ${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function contextString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new Error(`context ${key} must be a string`);
  return value;
}

/** A list from cdk.json (array) or the command line (comma-separated). */
function contextList(app: App, key: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw new Error(`context ${key} must be a list of strings`);
}
