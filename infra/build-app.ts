import { readFileSync } from "node:fs";
import path from "node:path";
import type { App, AppProps, Environment } from "aws-cdk-lib";
import { PROJECT_ROOT } from "./constructs/project-function.ts";
import { DataStack } from "./stateful-stack.ts";
import { AppStack } from "./stateless-stack.ts";

export interface BuildAppOptions {
  /** Explicit account/region; otherwise from context `account`/`region`, else environment-agnostic. */
  readonly env?: Environment;
}

/** Context keys read by the app (`-c key=value` or cdk.json). */
export const CONTEXT = {
  mailDomain: "mailDomain",
  appBaseUrl: "appBaseUrl",
  callbackUrls: "callbackUrls",
  logoutUrls: "logoutUrls",
  authDomainPrefix: "authDomainPrefix",
  account: "account",
  region: "region",
} as const;

/**
 * App props for an in-process synthesis (tests, the local stack): no esbuild bundling and no
 * built-in CloudFormation schema validation, which alone takes 5-9 s here (`cdk synth` keeps
 * it). Use as `new App({ ...IN_PROCESS_APP_PROPS, outdir })`.
 */
export const IN_PROCESS_APP_PROPS = {
  builtinCloudFormationValidation: false,
  context: { "aws:cdk:bundling-stacks": [] },
} as const satisfies AppProps;

const DEFAULT_MAIL_DOMAIN = "example.org";
const DEFAULT_CALLBACK_URLS = ["http://localhost:3000/auth/callback"];
const DEFAULT_LOGOUT_URLS = ["http://localhost:3000/"];
/** Must be globally unique in the region: pass your own with -c authDomainPrefix=... */
const DEFAULT_AUTH_DOMAIN_PREFIX = "project8-proposals";

/**
 * Adds the two stacks of the project to `app`: `Project8Data` (stateful) and `Project8App`
 * (stateless, depends on the first). Does no lookups, so it synthesizes offline.
 */
export function buildApp(app: App, opts: BuildAppOptions = {}): { data: DataStack; api: AppStack } {
  applyProjectContext(app);
  const env = opts.env ?? envFromContext(app);
  const common = env ? { env } : {};
  const appBaseUrl = contextString(app, CONTEXT.appBaseUrl)?.replace(/\/+$/, "");
  const data = new DataStack(app, "Project8Data", {
    ...common,
    description:
      "Project 8 proposals: tables, keys, user pool and its sign-in domain, mail identity",
    terminationProtection: true,
    mailDomain: contextString(app, CONTEXT.mailDomain) ?? DEFAULT_MAIL_DOMAIN,
    ...webClientUrls(app, appBaseUrl),
    authDomainPrefix: contextString(app, CONTEXT.authDomainPrefix) ?? DEFAULT_AUTH_DOMAIN_PREFIX,
  });
  const api = new AppStack(app, "Project8App", {
    ...common,
    description: "Project 8 proposals: functions, HTTP API, lifecycle state machine, schedules",
    dataTable: data.dataTable,
    auditTable: data.auditTable,
    personalDataKey: data.personalDataKey,
    pseudonymKey: data.pseudonymKey,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    authDomainUrl: data.userPoolDomain.baseUrl(),
    mailIdentity: data.mailIdentity,
    mailFrom: data.mailFrom,
    ...(appBaseUrl ? { appBaseUrl } : {}),
  });
  return { data, api };
}

/**
 * The web client's OAuth URLs. With `appBaseUrl` the callback is <appBaseUrl>/auth/callback
 * (what functions/web/auth-sign-in.ts sends as redirect_uri) and the sign-out URL the task
 * inbox; `callbackUrls` / `logoutUrls` add more (e.g. a second domain). Without `appBaseUrl`
 * the API's own endpoint is not known before it exists (another stack), so the defaults are
 * the local ones until the second deployment (docs/deploy.md).
 */
function webClientUrls(
  app: App,
  appBaseUrl: string | undefined,
): { callbackUrls: string[]; logoutUrls: string[] } {
  const extraCallbacks = contextList(app, CONTEXT.callbackUrls);
  const extraLogouts = contextList(app, CONTEXT.logoutUrls);
  if (!appBaseUrl) {
    return {
      callbackUrls: extraCallbacks ?? DEFAULT_CALLBACK_URLS,
      logoutUrls: extraLogouts ?? DEFAULT_LOGOUT_URLS,
    };
  }
  return {
    callbackUrls: [...new Set([`${appBaseUrl}/auth/callback`, ...(extraCallbacks ?? [])])],
    logoutUrls: [...new Set([`${appBaseUrl}/app/tasks`, ...(extraLogouts ?? [])])],
  };
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
