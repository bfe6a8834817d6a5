import { App, Duration, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { DefinitionBody, StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { beforeAll, describe, expect, it } from "vitest";
import { buildProposalLifecycle, STATES } from "../../workflows/proposal-lifecycle.ts";
import { functionIdByEntry, resourcesOfType, synthProject } from "./synth.ts";

interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  TimeoutSeconds?: number;
  ResultPath?: string;
  ResultSelector?: Record<string, string>;
  Parameters?: { FunctionName?: string; Payload?: Record<string, string> };
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Retry?: { ErrorEquals: string[] }[];
  Choices?: Record<string, unknown>[];
  Default?: string;
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

/** The state machine's ASL with every intrinsic rendered as `${LogicalId}` / `${LogicalId.Attr}`. */
function renderAsl(template: Template): { asl: Asl; props: Record<string, unknown> } {
  const machines = resourcesOfType(template, "AWS::StepFunctions::StateMachine");
  expect(machines).toHaveLength(1);
  const props = machines[0]?.[1].Properties ?? {};
  const def = props.DefinitionString as { "Fn::Join": [string, unknown[]] } | string;
  const text =
    typeof def === "string"
      ? def
      : def["Fn::Join"][1]
          .map((part) => {
            if (typeof part === "string") return part;
            const o = part as Record<string, unknown>;
            if ("Ref" in o) return `\${${String(o.Ref)}}`;
            const getAtt = o["Fn::GetAtt"];
            if (Array.isArray(getAtt)) return `\${${getAtt.join(".")}}`;
            throw new Error(`unexpected intrinsic in the definition: ${JSON.stringify(part)}`);
          })
          .join(def["Fn::Join"][0]);
  return { asl: JSON.parse(text) as Asl, props };
}

function state(asl: Asl, name: string): AslState {
  const s = asl.States[name];
  if (!s) throw new Error(`state ${name} missing`);
  return s;
}

const DAY = 24 * 3600;
let asl: Asl;
let props: Record<string, unknown>;
let appTemplate: Template;

beforeAll(() => {
  appTemplate = synthProject().appTemplate;
  ({ asl, props } = renderAsl(appTemplate));
});

describe("GIVEN the proposal lifecycle WHEN synthesized", () => {
  it("THEN it has exactly the named states with their types, starting at Resume", () => {
    expect(asl.StartAt).toBe(STATES.resume);
    const types = Object.fromEntries(Object.entries(asl.States).map(([n, s]) => [n, s.Type]));
    expect(types).toEqual({
      Resume: "Choice",
      OpenReview: "Task",
      VerifyReview: "Task",
      ExpireReview: "Task",
      ReviewOutcome: "Choice",
      ReviewClosed: "Succeed",
      CheckNorms: "Task",
      NormOutcome: "Choice",
      ReturnedForNorms: "Succeed",
      AwaitDisbursement: "Task",
      DisbursementWaitEnded: "Succeed",
      Disbursed: "Succeed",
      OpenReviewFailed: "Pass",
      VerifyReviewFailed: "Pass",
      ExpireReviewFailed: "Pass",
      CheckNormsFailed: "Pass",
      AwaitDisbursementFailed: "Pass",
      RecordFailure: "Task",
      WorkflowFailed: "Fail",
    });
  });

  it("THEN Resume starts a repaired execution at CheckNorms or AwaitDisbursement, else at OpenReview", () => {
    const s = state(asl, "Resume");
    expect(s.Choices).toEqual([
      {
        And: [
          { Variable: "$.resumeAt", IsPresent: true },
          { Variable: "$.resumeAt", StringEquals: "checkNorms" },
        ],
        Next: "CheckNorms",
      },
      {
        And: [
          { Variable: "$.resumeAt", IsPresent: true },
          { Variable: "$.resumeAt", StringEquals: "awaitDisbursement" },
        ],
        Next: "AwaitDisbursement",
      },
    ]);
    expect(s.Default).toBe("OpenReview");
  });

  it("THEN every task's last Catch is States.ALL into its own failure record, then RecordFailure and a Fail", () => {
    for (const name of [
      "OpenReview",
      "VerifyReview",
      "ExpireReview",
      "CheckNorms",
      "AwaitDisbursement",
    ]) {
      const last = state(asl, name).Catch?.at(-1);
      expect(last, name).toEqual({
        ErrorEquals: ["States.ALL"],
        ResultPath: "$.error",
        Next: `${name}Failed`,
      });
      expect(state(asl, `${name}Failed`).Next).toBe("RecordFailure");
    }
    expect(state(asl, "RecordFailure").Next).toBe("WorkflowFailed");
  });

  it("THEN VerifyReview re-reads the decision and sends a callback mismatch back to OpenReview", () => {
    const s = state(asl, "VerifyReview");
    expect(s.Catch?.[0]).toEqual({
      ErrorEquals: ["CallbackMismatch"],
      ResultPath: "$.mismatch",
      Next: "OpenReview",
    });
    expect(s.ResultPath).toBe("$.review");
    expect(s.Next).toBe("ReviewOutcome");
  });

  it("THEN OpenReview waits for a task token for 30 days and times out into ExpireReview", () => {
    const s = state(asl, "OpenReview");
    expect(s.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    expect(s.TimeoutSeconds).toBe(30 * DAY);
    expect(s.ResultPath).toBe("$.review");
    expect(s.Parameters?.Payload).toEqual({
      "proposalId.$": "$.proposalId",
      "submissionNo.$": "$.submissionNo",
      "taskToken.$": "$$.Task.Token",
      "executionArn.$": "$$.Execution.Id",
    });
    expect(s.Catch?.[0]).toEqual({
      ErrorEquals: ["States.Timeout"],
      ResultPath: "$.timeout",
      Next: "ExpireReview",
    });
    expect(s.Next).toBe("VerifyReview");
    expect(s.Parameters?.FunctionName).toBe(
      `\${${functionIdByEntry(appTemplate, "functions/workflow/open-review-task.ts")}.Arn}`,
    );
  });

  it("THEN ExpireReview keeps only the payload and closes the review", () => {
    const s = state(asl, "ExpireReview");
    expect(s.Resource).toMatch(/:states:::lambda:invoke$/);
    expect(s.ResultSelector).toEqual({ "Payload.$": "$.Payload" });
    expect(s.ResultPath).toBe("$.expired");
    expect(s.Next).toBe("ReviewClosed");
  });

  it("THEN ReviewOutcome goes to CheckNorms only on approve", () => {
    const s = state(asl, "ReviewOutcome");
    expect(s.Choices).toEqual([
      { Variable: "$.review.decision", StringEquals: "approve", Next: "CheckNorms" },
    ]);
    expect(s.Default).toBe("ReviewClosed");
  });

  it("THEN CheckNorms keeps `passed` and NormOutcome routes on it", () => {
    const s = state(asl, "CheckNorms");
    expect(s.ResultSelector).toEqual({ "passed.$": "$.Payload.passed" });
    expect(s.ResultPath).toBe("$.norms");
    expect(s.Next).toBe("NormOutcome");
    const choice = state(asl, "NormOutcome");
    expect(choice.Choices).toEqual([
      { Variable: "$.norms.passed", BooleanEquals: true, Next: "AwaitDisbursement" },
    ]);
    expect(choice.Default).toBe("ReturnedForNorms");
  });

  it("THEN AwaitDisbursement waits for a token up to 300 days, then ends either way", () => {
    const s = state(asl, "AwaitDisbursement");
    expect(s.Resource).toMatch(/\.waitForTaskToken$/);
    expect(s.TimeoutSeconds).toBe(300 * DAY);
    expect(s.Parameters?.Payload).toEqual({
      "proposalId.$": "$.proposalId",
      "taskToken.$": "$$.Task.Token",
    });
    expect(s.ResultPath).toBe("$.disbursement");
    expect(s.Catch?.[0]).toMatchObject({
      ErrorEquals: ["States.Timeout"],
      Next: "DisbursementWaitEnded",
    });
    expect(s.Next).toBe("Disbursed");
  });

  it("THEN every Lambda task retries the Lambda service's throttling and service errors", () => {
    for (const name of [
      "OpenReview",
      "VerifyReview",
      "ExpireReview",
      "CheckNorms",
      "AwaitDisbursement",
      "RecordFailure",
    ]) {
      const errors = state(asl, name).Retry?.[0]?.ErrorEquals;
      expect(errors, name).toContain("Lambda.TooManyRequestsException");
      expect(errors, name).toContain("Lambda.ServiceException");
    }
  });

  it("THEN it is a Standard machine with tracing and ALL-level logging without execution data", () => {
    expect(props.StateMachineType).toBe("STANDARD");
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect(props.LoggingConfiguration).toMatchObject({
      Level: "ALL",
      IncludeExecutionData: false,
    });
  });
});

describe("GIVEN custom timeouts WHEN the lifecycle is built", () => {
  it("THEN both waits use them", () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), "Lifecycle");
    const fn = (id: string) =>
      new LambdaFunction(stack, id, {
        runtime: Runtime.NODEJS_22_X,
        handler: "index.handler",
        code: Code.fromInline("export const handler = async () => ({});"),
      });
    const definition = buildProposalLifecycle(
      stack,
      {
        openReview: fn("A"),
        verifyReview: fn("E"),
        expireReview: fn("B"),
        checkNorms: fn("C"),
        openDisbursement: fn("D"),
        recordFailure: fn("F"),
      },
      { reviewTimeout: Duration.days(2), disbursementTimeout: Duration.days(90) },
    );
    new StateMachine(stack, "Machine", {
      definitionBody: DefinitionBody.fromChainable(definition),
    });
    const { asl: custom } = renderAsl(Template.fromStack(stack));
    expect(state(custom, "OpenReview").TimeoutSeconds).toBe(2 * DAY);
    expect(state(custom, "AwaitDisbursement").TimeoutSeconds).toBe(90 * DAY);
  });
});
