import { awsRequest } from "./aws-request.ts";

/**
 * One SigV4-signed request to an AWS REST-JSON API (SES v2's SendEmail), on the shared
 * transport of shared/aws/aws-request.ts.
 */
export interface SignedJsonRequest {
  /** The signing name (`ses`). */
  service: string;
  /** The suffix of AWS_ENDPOINT_URL_<…> (`SESV2`). */
  endpointVariable: string;
  /** The default host's first label (`email` → email.<region>.amazonaws.com). */
  hostPrefix: string;
  method: "POST" | "PUT";
  path: string;
  body: unknown;
  /** Attempts in all on throttling, 5xx and network errors (as the SDK's maxAttempts). */
  maxAttempts?: number;
}

/** Sends the request, retrying as the SDK's standard strategy would; returns the parsed answer. */
export async function signedJson<T>(r: SignedJsonRequest): Promise<T> {
  const res = await awsRequest({
    service: r.service,
    endpointVariable: r.endpointVariable,
    hostPrefix: r.hostPrefix,
    method: r.method,
    path: r.path,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify(r.body),
    ...(r.maxAttempts ? { maxAttempts: r.maxAttempts } : {}),
  });
  return (res.body ? JSON.parse(res.body) : {}) as T;
}
