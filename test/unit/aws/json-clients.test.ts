/**
 * The project's AWS JSON clients (shared/aws/json-rpc.ts and the KMS, Step Functions and
 * Cognito modules) against a recording endpoint: the same operation sent through the SDK (a dev
 * dependency) and through the project's client puts the same target, content type, body and
 * signing scope on the wire; answers and errors are read as the SDK read them.
 */
import {
  CognitoIdentityProviderClient,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cognitoTotp } from "../../../shared/access/adapters/cognito-totp.ts";
import { AwsServiceError } from "../../../shared/aws/aws-request.ts";
import { cognito } from "../../../shared/aws/cognito.ts";
import { kms } from "../../../shared/aws/kms.ts";
import { sfn } from "../../../shared/aws/sfn.ts";
import { executionStatus, startLifecycle } from "../../../shared/workflow/adapters/sfn-workflow.ts";
import { type FakeAws, type SeenRequest, startFakeAws, withEnv } from "../../support/fake-aws.ts";

const REGION = "ap-southeast-1";
const creds = { accessKeyId: "AKIDTEST", secretAccessKey: "secret", sessionToken: "token" };
let aws: FakeAws;
let restore: () => void;

beforeAll(async () => {
  aws = await startFakeAws();
  restore = withEnv({
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_ENDPOINT_URL_KMS: aws.url,
    AWS_ENDPOINT_URL_SFN: aws.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: aws.url,
    STATE_MACHINE_ARN: `arn:aws:states:${REGION}:111122223333:stateMachine:Lifecycle`,
  });
});
afterEach(() => aws.answer(() => ({ body: "{}" })));
afterAll(async () => {
  restore();
  await aws.stop();
});

const sdkConfig = () => ({ region: REGION, endpoint: aws.url, credentials: creds, maxAttempts: 1 });
/** What identifies a request on the wire, signature aside (it covers a different time). */
const wire = (r: SeenRequest | undefined) => ({
  method: r?.method,
  url: r?.url,
  target: r?.headers["x-amz-target"],
  type: String(r?.headers["content-type"]).split(";")[0],
  body: JSON.parse(String(r?.body)),
  scope: /Credential=[^/]+\/\d{8}\/([^,]+),/.exec(String(r?.headers.authorization))?.[1],
  token: r?.headers["x-amz-security-token"],
});

describe("GIVEN an operation sent by the SDK and by the project's client", () => {
  it("THEN KMS Sign (JSON 1.1, blobs in base64) is the same request, and the signature comes back as bytes", async () => {
    const signature = Buffer.from("a DER signature");
    aws.answer(() => ({
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ KeyId: "k", Signature: signature.toString("base64") }),
    }));
    const input = {
      KeyId: "alias/digest",
      Message: new Uint8Array([0, 1, 2, 250]),
      MessageType: "RAW" as const,
      SigningAlgorithm: "ECDSA_SHA_256" as const,
    };
    const sdk = new KMSClient(sdkConfig());
    const bySdk = await sdk.send(new SignCommand(input));
    const fromSdk = wire(aws.seen.at(-1));
    const ours = await kms.sign(input);
    expect(wire(aws.seen.at(-1))).toEqual(fromSdk);
    expect(fromSdk).toMatchObject({
      method: "POST",
      url: "/",
      target: "TrentService.Sign",
      type: "application/x-amz-json-1.1",
      scope: `${REGION}/kms/aws4_request`,
      token: "token",
    });
    expect(ours.Signature).toEqual(bySdk.Signature);
    expect(Buffer.from(ours.Signature ?? []).equals(signature)).toBe(true);
    sdk.destroy();
  });

  it("THEN Step Functions StartExecution (JSON 1.0, signing name states) is the same request", async () => {
    aws.answer(() => ({ body: JSON.stringify({ executionArn: "arn:x", startDate: 1.7e9 }) }));
    const input = { stateMachineArn: "arn:sm", name: "P-1-1", input: '{"a":1}' };
    const sdk = new SFNClient(sdkConfig());
    await sdk.send(new StartExecutionCommand(input));
    const fromSdk = wire(aws.seen.at(-1));
    expect(await sfn.startExecution(input)).toMatchObject({ executionArn: "arn:x" });
    expect(wire(aws.seen.at(-1))).toEqual(fromSdk);
    expect(fromSdk).toMatchObject({
      target: "AWSStepFunctions.StartExecution",
      type: "application/x-amz-json-1.0",
      scope: `${REGION}/states/aws4_request`,
    });
    sdk.destroy();
  });

  it("THEN Cognito's VerifySoftwareToken goes unsigned like the SDK's, the Admin operations signed", async () => {
    aws.answer(() => ({ body: JSON.stringify({ Status: "SUCCESS" }) }));
    const input = { AccessToken: "user-token", UserCode: "123456", FriendlyDeviceName: "phone" };
    const sdk = new CognitoIdentityProviderClient(sdkConfig());
    await sdk.send(new VerifySoftwareTokenCommand(input));
    const bySdk = aws.seen.at(-1);
    await cognito("VerifySoftwareToken", input);
    const ours = aws.seen.at(-1);
    expect(wire(ours)).toEqual(wire(bySdk));
    expect(bySdk?.headers.authorization).toBeUndefined();
    expect(ours?.headers.authorization).toBeUndefined();
    expect(ours?.headers["x-amz-security-token"]).toBeUndefined();
    expect(wire(ours).target).toBe("AWSCognitoIdentityProviderService.VerifySoftwareToken");
    await cognito("AdminGetUser", { UserPoolId: "p", Username: "u" });
    expect(wire(aws.seen.at(-1)).scope).toBe(`${REGION}/cognito-idp/aws4_request`);
    sdk.destroy();
  });
});

describe("GIVEN an error answer", () => {
  const error = (type: string, status = 400, extra: Record<string, unknown> = {}) =>
    aws.answer(() => ({
      status,
      headers: { "x-amzn-requestid": "req-1" },
      body: JSON.stringify({ __type: type, message: `it is ${type}`, ...extra }),
    }));

  it("THEN its __type, namespace and all, is the exception's name, with the SDK's fields", async () => {
    error("com.amazonaws.kms#InvalidCiphertextException");
    const err = await kms.decrypt({ CiphertextBlob: new Uint8Array([1]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsServiceError);
    expect(err).toMatchObject({
      name: "InvalidCiphertextException",
      message: "it is com.amazonaws.kms#InvalidCiphertextException",
      $fault: "client",
      $metadata: { httpStatusCode: 400, requestId: "req-1", attempts: 1 },
    });
  });

  it("THEN the workflow adapter reads Step Functions' exceptions by name, as instanceof did", async () => {
    error("ExecutionAlreadyExists");
    expect(await startLifecycle("P-1", 1)).toBe("");
    error("ExecutionDoesNotExist");
    expect(await executionStatus("P-1-1")).toBe("NONE");
    error("InvalidArn");
    await expect(executionStatus("P-1-1")).rejects.toMatchObject({ name: "InvalidArn" });
    aws.answer(() => ({ body: JSON.stringify({ status: "SUCCEEDED" }) }));
    expect(await executionStatus("P-1-1")).toBe("SUCCEEDED");
    expect(JSON.parse(String(aws.seen.at(-1)?.body))).toEqual({
      executionArn: `arn:aws:states:${REGION}:111122223333:execution:Lifecycle:P-1-1`,
    });
  });

  it("THEN a 5xx is retried, four attempts in all for Step Functions as its SDK client had", async () => {
    const before = aws.seen.length;
    error("ServiceUnavailable", 503);
    await expect(sfn.describeExecution({ executionArn: "arn:e" })).rejects.toMatchObject({
      name: "ServiceUnavailable",
      $fault: "server",
      $metadata: { attempts: 4 },
    });
    expect(aws.seen.length - before).toBe(4);
  });

  it("THEN the TOTP enrolment maps Cognito's answers as before", async () => {
    error("CodeMismatchException");
    expect(await cognitoTotp.verify("t", "000000", "phone")).toBe("wrong-code");
    error("NotAuthorizedException");
    await expect(cognitoTotp.associate("t")).rejects.toMatchObject({ name: "UnauthorizedError" });
    aws.answer((r) => ({
      body: JSON.stringify(
        String(r.headers["x-amz-target"]).endsWith("VerifySoftwareToken")
          ? { Status: "SUCCESS" }
          : {},
      ),
    }));
    expect(await cognitoTotp.verify("t", "123456", "phone")).toBe("enabled");
    expect(JSON.parse(String(aws.seen.at(-1)?.body))).toEqual({
      AccessToken: "t",
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
  });
});
