import { type AwsServiceError, awsRequest } from "./aws-request.ts";

/**
 * The AWS JSON protocols (awsJson1_0, awsJson1_1) on the shared signed transport
 * (shared/aws/aws-request.ts): every operation is a POST to `/` naming itself in
 * `x-amz-target: <Prefix>.<Operation>`, its input and output are JSON, and an error answer's
 * `__type` (or `x-amzn-errortype`) is the exception's name, as the SDK reads it. KMS and
 * Cognito speak 1.1, Step Functions 1.0; the services differ only in these settings.
 * Blobs travel as base64; the service modules (kms.ts) turn them into bytes.
 */
export interface JsonService {
  /** The signing name (`kms`, `states`, `cognito-idp`). */
  readonly service: string;
  /** The suffix of AWS_ENDPOINT_URL_<…> the SDK reads (`KMS`, `SFN`). */
  readonly endpointVariable: string;
  /** The default host's first label (`states` → states.<region>.amazonaws.com). */
  readonly hostPrefix: string;
  /** The target prefix (`TrentService`, `AWSStepFunctions`). */
  readonly targetPrefix: string;
  readonly version: "1.0" | "1.1";
  /** Attempts in all (the SDK's maxAttempts, 3 unless the client said otherwise). */
  readonly maxAttempts?: number;
}

export interface CallOptions {
  /** Sent unsigned: an operation the SDK models as `smithy.api#noAuth` (a bearer token). */
  readonly unsigned?: boolean;
}

/** The request's parts as the protocol puts them on the wire (exported for tests). */
export function jsonRequestParts(svc: JsonService, operation: string, input: unknown) {
  return {
    method: "POST" as const,
    path: "/",
    headers: {
      "content-type": `application/x-amz-json-${svc.version}`,
      "x-amz-target": `${svc.targetPrefix}.${operation}`,
    },
    payload: JSON.stringify(input ?? {}),
  };
}

/**
 * Calls one operation and returns its parsed output; a service error is an AwsServiceError
 * named like the SDK's exception (`InvalidCiphertextException`, `ExecutionAlreadyExists`).
 */
export async function jsonRpc<T>(
  svc: JsonService,
  operation: string,
  input: unknown,
  options: CallOptions = {},
): Promise<T> {
  const res = await awsRequest({
    service: svc.service,
    endpointVariable: svc.endpointVariable,
    hostPrefix: svc.hostPrefix,
    ...jsonRequestParts(svc, operation, input),
    ...(svc.maxAttempts ? { maxAttempts: svc.maxAttempts } : {}),
    ...(options.unsigned ? { unsigned: true } : {}),
  });
  return (res.body.trim() ? JSON.parse(res.body) : {}) as T;
}

/** Whether an error is the service's exception of this name (what `instanceof` checked). */
export const isAwsError = (err: unknown, ...names: string[]): err is AwsServiceError =>
  names.includes((err as Error | undefined)?.name ?? "");

/** Bytes as the JSON protocols carry a blob. */
export const toBase64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** A blob of an answer as bytes (undefined when the service left it out). */
export const fromBase64 = (value: unknown): Uint8Array | undefined =>
  typeof value === "string" ? new Uint8Array(Buffer.from(value, "base64")) : undefined;
