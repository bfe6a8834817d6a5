/**
 * The local execution view (GET on the Step Functions endpoint) stands for the console's
 * execution history, which shows every task token a `.waitForTaskToken` task was given: a
 * token copied from there could answer the task as the workflow's own roles do (issue 16).
 * On AWS only principals with states:GetExecutionHistory see them (no function role has it);
 * locally the view answers only at the endpoint's own loopback address (no DNS-rebinding page)
 * and never shows a token. The API's GetExecutionHistory still gives them to the local
 * administrator's credentials, and to nobody else (the template's policies are enforced).
 */
import type { IncomingHttpHeaders } from "node:http";

/** Tokens of the local runtime: "AQ" + base64url of an AES-GCM box (about 200 characters). */
const TASK_TOKEN = /(?<![A-Za-z0-9_-])AQ[A-Za-z0-9_-]{60,}/g;

export const HIDDEN_TOKEN = "(task token hidden)";

/** Replaces every task token in a page of the view. */
export function hideTaskTokens(html: string): string {
  return html.replace(TASK_TOKEN, HIDDEN_TOKEN);
}

/** Undefined when the view may answer; else why not (403). */
export function refuseViewRequest(headers: IncomingHttpHeaders, port: number): string | undefined {
  const host = (headers.host ?? "").toLowerCase();
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(host))
    return `the execution view answers only at ${allowed.join(" or ")}, not at Host "${host.slice(0, 100)}"`;
  const origin = headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`)
    return `the execution view refuses requests from another origin (${origin.slice(0, 100)})`;
  return undefined;
}
