/**
 * The contract: one declaration per route and per function. From it the CDK app builds the HTTP
 * API, each function and its grants (infra/stateless-stack.ts); the OpenAPI document is
 * generated (shared/contract/openapi.ts); handlers get their parsed, typed input
 * (shared/http/handler.ts, shared/web/handler.ts); the local stack finds the same routes in the
 * synthesized template. Lambda code imports this module; it imports nothing from infra/.
 */
import type * as core from "zod/v4/core";
import type { Action } from "../access/policy.ts";

export type DataAccess = "read" | "readwrite";
export type AuditAccess = "read" | "append";
/** start: StartExecution; signal: SendTask*; describe: DescribeExecution; stop: StopExecution. */
export type SfnAccess = "start" | "signal" | "describe" | "stop";

/** What a function may touch. Each grant becomes IAM statements and environment variables. */
export interface Grants {
  data?: DataAccess;
  /**
   * Deletes data-table items (DeleteItem): outbox entries once delivered, an idempotency key
   * given back after a failed request, the disbursement wait. Only functions whose code does.
   */
  deletes?: boolean;
  /**
   * Records reads of survivors' personal data: PutItem on the data table of the read chain's
   * head item only (its attributes pk, sk, seq, hash), for functions that otherwise only read.
   */
  personalReads?: boolean;
  audit?: AuditAccess;
  sfn?: readonly SfnAccess[];
  /** Sends email (SES). */
  mail?: boolean;
  /** Encrypts / decrypts personal data (KMS key). */
  personalData?: "encrypt" | "decrypt" | "both";
  /** Computes survivors' pseudonyms with the KMS HMAC key (kms:GenerateMac). */
  pseudonym?: boolean;
  /**
   * The signed audit digests (the digest bucket and the asymmetric signing key). "publish":
   * sign (kms:Sign), write digests and anchors, read the whole AuditTable once (the first
   * digest); "verify": read them and the public key (kms:GetPublicKey).
   */
  auditDigest?: AuditDigestAccess;
  /**
   * Reads a user's MFA settings: cognito-idp:AdminGetUser on the user pool (the
   * pre-token-generation trigger, which the pool invokes).
   */
  userMfa?: boolean;
  /**
   * The attachments bucket (shared/attachments/). "upload": presign browser PUTs into
   * `pending/`; "store": read an upload from `pending/` and write the checked file to `files/`;
   * "read": read (and presign GETs of) `files/`. SSE-KMS with the bucket's key through S3;
   * survivors' files are encrypted with the personal-data key instead (grant `personalData`).
   */
  attachments?: readonly AttachmentUse[];
  /**
   * Manages the sign-in accounts of the user pool (Cognito AdminCreateUser, AdminAddUserToGroup,
   * AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut, AdminGetUser): the admin's users.
   */
  identity?: "manage";
}

export type AuditDigestAccess = "publish" | "verify";
export type AttachmentUse = "upload" | "store" | "read";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

export type Tag =
  | "Proposals"
  | "Review"
  | "Funding"
  | "Norms"
  | "Registry"
  | "Monitoring"
  | "Reference"
  | "Docs"
  | "Admin"
  | "Audit"
  | "Web";

/** A problem type a route can answer with (documented at /problems/<type>). */
export type ProblemType =
  | "validation-failed"
  | "unauthorized"
  | "forbidden"
  | "mfa-required"
  | "not-found"
  | "wrong-state"
  | "stale-version"
  | "conflict"
  | "precondition-required"
  | "unsupported-media-type"
  | "payload-too-large"
  | "idempotency-key-reused"
  | "unavailable";

export type ParamSchemas = Record<string, core.$ZodType<string, string>>;

export interface RouteRequest {
  /** One schema per `{name}` of the path (checked before any storage call). */
  params?: ParamSchemas;
  /** Query string object schema (values arrive as strings). */
  query?: core.$ZodType;
  /** Documentation of each query parameter (the OpenAPI document lists them). */
  queryDocs?: Readonly<Record<string, string>>;
  /** JSON body schema: the route then refuses any other content type (415). */
  body?: core.$ZodType;
  /** Form posts of server-rendered pages (application/x-www-form-urlencoded). */
  form?: boolean;
  /** The If-Match header (the version read): required answers 428 without it. */
  ifMatch?: "required" | "optional";
  /** Honours Idempotency-Key (a retried request gets the first answer). */
  idempotent?: boolean;
  /** Largest body accepted, in bytes (413 above). Default 64 KiB for JSON, 16 KiB for forms. */
  maxBodyBytes?: number;
}

export interface RouteDoc {
  summary: string;
  summaryVi: string;
  tag: Tag;
  description?: string;
}

export interface RouteContract {
  /** Stable id; also the construct id of the function. PascalCase. */
  id: string;
  method: HttpMethod;
  /** API Gateway path, with {param} placeholders. */
  path: string;
  /** Handler module relative to the project root, exporting `handler`. */
  entry: string;
  /** "jwt": behind the JWT authorizer. "none": public (docs; pages that verify the session cookie). */
  auth: "jwt" | "none";
  /**
   * The access-policy action the route performs. A role that never has it is refused (403)
   * before the body is read; the use case still checks the scope of the resource.
   */
  action?: Action;
  grants: Grants;
  request?: RouteRequest;
  /** Schema of the success body (JSON routes). */
  response?: core.$ZodType;
  successStatus?: number;
  /** Problems beyond the defaults of its kind (validation, auth, not found, unavailable). */
  problems?: readonly ProblemType[];
  /** Function timeout in seconds (default 10). */
  timeoutSeconds?: number;
  doc: RouteDoc;
}

/**
 * Declares a route, keeping its literal types (so handlers see their typed input).
 *
 * Declarations are marked `/* @__PURE__ *\/` so that a function's bundle drops the routes of
 * its capability it does not serve. esbuild honours the mark only when the arguments compute
 * nothing: a spread (`...langDoc`), a property read (`docs.period`), arithmetic (`64 * 1024`),
 * a template substitution or an unmarked call inside the declaration keeps it, and every schema
 * it names, in every bundle of the capability. Such values are declared as constants beside
 * the routes and named in them; test/unit/pure-annotations.test.ts fails on one inside.
 */
export const defineRoute = <const R extends RouteContract>(route: R): R => route;

/** A Lambda function that is not behind a route: a workflow task or a scheduled job. */
export interface FunctionContract {
  id: string;
  entry: string;
  grants: Grants;
  /** Function timeout in seconds (default 10). */
  timeoutSeconds?: number;
  /** EventBridge schedule expression, for scheduled functions. */
  schedule?: string;
  /** Concurrency reserved for (and limiting) the function: 1 runs it one at a time. */
  reservedConcurrency?: number;
  description: string;
}

export const defineFunction = <const F extends FunctionContract>(fn: F): F => fn;

/** The parsed input a handler of route R receives. */
export interface InputOf<R extends RouteContract> {
  params: R["request"] extends { params: infer P extends ParamSchemas }
    ? { [K in keyof P]: core.output<P[K]> }
    : Record<string, never>;
  query: R["request"] extends { query: infer Q extends core.$ZodType }
    ? core.output<Q>
    : Record<string, string>;
  body: R["request"] extends { body: infer B extends core.$ZodType } ? core.output<B> : undefined;
  /** The version from If-Match (routes with `ifMatch`). */
  ifMatch: number | undefined;
}

/** The `{name}`s of a path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] ?? "");
}

/**
 * Pages answer HEAD like GET without a body (link checkers and mail scanners use HEAD). API
 * Gateway's HTTP API matches a `GET` route to GET only, so each page's GET route gets a `HEAD`
 * twin on the same function (infra/routes-stack.ts); the page handler drops the body and never
 * changes state for either (shared/web/handler.ts). The sign-in routes are not pages.
 */
export function answersHead(route: RouteContract): boolean {
  return (
    route.method === "GET" &&
    route.entry.startsWith("functions/web/") &&
    !route.path.startsWith("/auth/")
  );
}
