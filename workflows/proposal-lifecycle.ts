import { Duration } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  Choice,
  Condition,
  Errors,
  Fail,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  Pass,
  Succeed,
  TaskInput,
  Timeout,
} from "aws-cdk-lib/aws-stepfunctions";
import { LambdaInvoke } from "aws-cdk-lib/aws-stepfunctions-tasks";
import { Construct } from "constructs";

/** State names of the lifecycle; the local runtime, the handlers and the tests refer to them. */
export const STATES = {
  resume: "Resume",
  openReview: "OpenReview",
  verifyReview: "VerifyReview",
  expireReview: "ExpireReview",
  reviewOutcome: "ReviewOutcome",
  reviewClosed: "ReviewClosed",
  checkNorms: "CheckNorms",
  normOutcome: "NormOutcome",
  returnedForNorms: "ReturnedForNorms",
  awaitDisbursement: "AwaitDisbursement",
  disbursementWaitEnded: "DisbursementWaitEnded",
  disbursed: "Disbursed",
  recordFailure: "RecordFailure",
  workflowFailed: "WorkflowFailed",
} as const;

/** Where a repaired execution resumes (`resumeAt` in its input); absent = from the review. */
export const RESUME_POINTS = ["checkNorms", "awaitDisbursement"] as const;
export type ResumePoint = (typeof RESUME_POINTS)[number];

/** The error VerifyReview raises when a callback does not match what the proposal records. */
export const CALLBACK_MISMATCH = "CallbackMismatch";

/**
 * Errors of the Lambda service itself, retried on every task (CDK's defaults do not include
 * throttling): a throttled invocation is not a failed step.
 */
const LAMBDA_TRANSIENT = [
  "Lambda.TooManyRequestsException",
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.ClientExecutionTimeoutException",
];

/** The Lambda tasks of the lifecycle. */
export interface LifecycleFunctions {
  readonly openReview: IFunction;
  readonly verifyReview: IFunction;
  readonly expireReview: IFunction;
  readonly checkNorms: IFunction;
  readonly openDisbursement: IFunction;
  readonly recordFailure: IFunction;
}

export interface LifecycleOptions {
  /** How long approvers have to decide. @default 30 days */
  readonly reviewTimeout?: Duration;
  /**
   * How long the execution waits for the approved amount to be paid. @default 300 days, so that review (30) + disbursement stay under the one-year limit of a Standard execution.
   * A Standard execution ends after one year: review time plus this must stay under it for
   * `DisbursementWaitEnded` to be reached rather than the execution timing out.
   */
  readonly disbursementTimeout?: Duration;
}

/**
 * Builds the lifecycle of one submission (input `{ proposalId, submissionNo, resumeAt? }`):
 * 1. OpenReview creates the review task and waits for the decision's task token (or times out
 *    into ExpireReview); VerifyReview re-reads the task and the proposal and fails closed when
 *    the callback is not the decision they record (a forged or stale SendTaskSuccess), which
 *    sends the execution back to waiting on a fresh token.
 * 2. ReviewOutcome continues only on "approve"; CheckNorms then reserves against the caps.
 * 3. AwaitDisbursement waits until the payments complete the approved amount.
 * Every task retries the Lambda service's transient errors, and every failure ends in
 * RecordFailure, which records it on the proposal and tells the people who can act; the
 * sweep repairs the proposal with a new execution that resumes where it stopped (`resumeAt`).
 * Returns the start state; wrap it with `DefinitionBody.fromChainable`. The states are created
 * in a child scope `ProposalLifecycleStates` of `parent`.
 */
export function buildProposalLifecycle(
  parent: Construct,
  fns: LifecycleFunctions,
  opts: LifecycleOptions = {},
): IChainable {
  // States get their own scope: their names (e.g. CheckNorms) equal the task functions' ids.
  const scope = new Construct(parent, "ProposalLifecycleStates");
  const reviewTimeout = opts.reviewTimeout ?? Duration.days(30);
  const disbursementTimeout = opts.disbursementTimeout ?? Duration.days(300);
  const proposalRef = {
    proposalId: JsonPath.stringAt("$.proposalId"),
    submissionNo: JsonPath.numberAt("$.submissionNo"),
  };
  const transient = {
    errors: LAMBDA_TRANSIENT,
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
  };

  const reviewClosed = new Succeed(scope, STATES.reviewClosed);
  const returnedForNorms = new Succeed(scope, STATES.returnedForNorms);
  const disbursementWaitEnded = new Succeed(scope, STATES.disbursementWaitEnded);
  const disbursed = new Succeed(scope, STATES.disbursed);
  const workflowFailed = new Fail(scope, STATES.workflowFailed, {
    error: "WorkflowStepFailed",
    cause: "a step failed; recorded on the proposal, which the sweep repairs",
  });

  const recordFailure = new LambdaInvoke(scope, STATES.recordFailure, {
    lambdaFunction: fns.recordFailure,
    payload: TaskInput.fromObject({
      ...proposalRef,
      state: JsonPath.stringAt("$.failure.state"),
      error: JsonPath.stringAt("$.failure.cause.Error"),
      executionName: JsonPath.stringAt("$$.Execution.Name"),
    }),
    resultPath: JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  })
    .addRetry(transient)
    .addRetry({
      errors: [Errors.ALL],
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 2,
    })
    .next(workflowFailed);
  /** Every task's last Catch: the state's name and the error, then RecordFailure. */
  const failed = (state: string) =>
    new Pass(scope, `${state}Failed`, {
      parameters: {
        proposalId: JsonPath.stringAt("$.proposalId"),
        submissionNo: JsonPath.numberAt("$.submissionNo"),
        failure: { state, cause: JsonPath.objectAt("$.error") },
      },
    }).next(recordFailure);
  const catchAll = { errors: [Errors.ALL], resultPath: "$.error" };

  const expireReview = new LambdaInvoke(scope, STATES.expireReview, {
    lambdaFunction: fns.expireReview,
    payload: TaskInput.fromObject(proposalRef),
    resultSelector: { Payload: JsonPath.objectAt("$.Payload") },
    resultPath: "$.expired",
    retryOnServiceExceptions: false,
  })
    .addRetry(transient)
    .addCatch(failed(STATES.expireReview), catchAll)
    .next(reviewClosed);

  const awaitDisbursement = new LambdaInvoke(scope, STATES.awaitDisbursement, {
    lambdaFunction: fns.openDisbursement,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      proposalId: JsonPath.stringAt("$.proposalId"),
      taskToken: JsonPath.taskToken,
    }),
    resultPath: "$.disbursement",
    taskTimeout: Timeout.duration(disbursementTimeout),
    retryOnServiceExceptions: false,
  })
    .addRetry(transient)
    .addCatch(disbursementWaitEnded, { errors: [Errors.TIMEOUT], resultPath: "$.timeout" })
    .addCatch(failed(STATES.awaitDisbursement), catchAll)
    .next(disbursed);

  const normOutcome = new Choice(scope, STATES.normOutcome)
    .when(Condition.booleanEquals("$.norms.passed", true), awaitDisbursement)
    .otherwise(returnedForNorms);

  const checkNorms = new LambdaInvoke(scope, STATES.checkNorms, {
    lambdaFunction: fns.checkNorms,
    payload: TaskInput.fromObject(proposalRef),
    resultSelector: { passed: JsonPath.stringAt("$.Payload.passed") },
    resultPath: "$.norms",
    retryOnServiceExceptions: false,
  })
    .addRetry(transient)
    .addCatch(failed(STATES.checkNorms), catchAll)
    .next(normOutcome);

  const reviewOutcome = new Choice(scope, STATES.reviewOutcome)
    .when(Condition.stringEquals("$.review.decision", "approve"), checkNorms)
    .otherwise(reviewClosed);

  const openReview = new LambdaInvoke(scope, STATES.openReview, {
    lambdaFunction: fns.openReview,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      ...proposalRef,
      taskToken: JsonPath.taskToken,
      executionArn: JsonPath.stringAt("$$.Execution.Id"),
    }),
    resultPath: "$.review",
    taskTimeout: Timeout.duration(reviewTimeout),
    retryOnServiceExceptions: false,
  });
  const verifyReview = new LambdaInvoke(scope, STATES.verifyReview, {
    lambdaFunction: fns.verifyReview,
    payload: TaskInput.fromObject({ ...proposalRef, review: JsonPath.objectAt("$.review") }),
    resultSelector: { decision: JsonPath.stringAt("$.Payload.decision") },
    resultPath: "$.review",
    retryOnServiceExceptions: false,
  })
    .addRetry(transient)
    // A callback the proposal does not record: wait again, on a fresh token.
    .addCatch(openReview, { errors: [CALLBACK_MISMATCH], resultPath: "$.mismatch" })
    .addCatch(failed(STATES.verifyReview), catchAll)
    .next(reviewOutcome);
  openReview
    .addRetry(transient)
    .addCatch(expireReview, { errors: [Errors.TIMEOUT], resultPath: "$.timeout" })
    .addCatch(failed(STATES.openReview), catchAll)
    .next(verifyReview);

  return new Choice(scope, STATES.resume)
    .when(
      Condition.and(
        Condition.isPresent("$.resumeAt"),
        Condition.stringEquals("$.resumeAt", "checkNorms"),
      ),
      checkNorms,
    )
    .when(
      Condition.and(
        Condition.isPresent("$.resumeAt"),
        Condition.stringEquals("$.resumeAt", "awaitDisbursement"),
      ),
      awaitDisbursement,
    )
    .otherwise(openReview);
}
