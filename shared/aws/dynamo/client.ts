import { awsRequest } from "../aws-request.ts";
import type { DynamoCommand, WireOutput } from "./commands.ts";
import { dynamoError } from "./errors.ts";

/**
 * The functions' DynamoDB client: `send(command)` as lib-dynamodb's Document client, on the
 * project's signed transport (shared/aws/aws-request.ts: SigV4, the SDK's retries on
 * throttling and 5xx, the endpoint from AWS_ENDPOINT_URL_DYNAMODB) instead of the SDK's, whose
 * @smithy/* and service model cost every bundle about 180 kB and every cold start about 40 ms.
 * DynamoDB speaks JSON 1.0: every operation is a POST to `/` named by `x-amz-target`.
 */
export interface DynamoClientOptions {
  /** Attempts in all on throttling, 5xx and network errors (the SDK's maxAttempts). */
  readonly maxAttempts?: number;
}

const JSON_10 = "application/x-amz-json-1.0";
const TARGET_PREFIX = "DynamoDB_20120810.";

/** Named as lib-dynamodb's so that an adapter taking a client as a parameter reads as it did. */
export class DynamoDBDocumentClient {
  constructor(readonly options: DynamoClientOptions = {}) {}

  async send<Result>(command: DynamoCommand<unknown, Result>): Promise<Result> {
    const answer = await awsRequest(
      {
        service: "dynamodb",
        endpointVariable: "DYNAMODB",
        hostPrefix: "dynamodb",
        method: "POST",
        path: "/",
        headers: {
          "content-type": JSON_10,
          "x-amz-target": `${TARGET_PREFIX}${command.operation}`,
        },
        payload: JSON.stringify(command.request()),
        ...(this.options.maxAttempts ? { maxAttempts: this.options.maxAttempts } : {}),
      },
      dynamoError,
    );
    const wire = (answer.body ? JSON.parse(answer.body) : {}) as WireOutput;
    const id = answer.headers["x-amzn-requestid"];
    return command.response(wire, {
      httpStatusCode: answer.status,
      ...(typeof id === "string" ? { requestId: id } : {}),
    });
  }
}
