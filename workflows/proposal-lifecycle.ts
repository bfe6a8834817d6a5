import { Duration } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  Choice,
  Condition,
  Errors,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  Succeed,
  TaskInput,
  Timeout,
} from "aws-cdk-lib/aws-stepfunctions";
import { LambdaInvoke } from "aws-cdk-lib/aws-stepfunctions-tasks";
import { Construct } from "constructs";

/** State names of the lifecycle; the local runtime, the handlers and the tests refer to them. */
export const STATES = {
  openReview: "OpenReview",
  expireReview: "ExpireReview",
  reviewOutcome: "ReviewOutcome",
  reviewClosed: "ReviewClosed",
  checkNorms: "CheckNorms",
  normOutcome: "NormOutcome",
  returnedForNorms: "ReturnedForNorms",
  awaitDisbursement: "AwaitDisbursement",
  disbursementWaitEnded: "DisbursementWaitEnded",
  disbursed: "Disbursed",
} as const;

/** The Lambda tasks of the lifecycle. */
export interface LifecycleFunctions {
  readonly openReview: IFunction;
  readonly expireReview: IFunction;
  readonly checkNorms: IFunction;
  readonly openDisbursement: IFunction;
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
 * Builds the lifecycle of one submission (input `{ proposalId, submissionNo }`):
 * 1. OpenReview creates the review task and waits for the decision's task token (or times out
 *    into ExpireReview).
 * 2. ReviewOutcome continues only on "approve"; CheckNorms then reserves against the caps.
 * 3. AwaitDisbursement waits until the payments complete the approved amount.
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

  const reviewClosed = new Succeed(scope, STATES.reviewClosed);
  const returnedForNorms = new Succeed(scope, STATES.returnedForNorms);
  const disbursementWaitEnded = new Succeed(scope, STATES.disbursementWaitEnded);
  const disbursed = new Succeed(scope, STATES.disbursed);

  const expireReview = new LambdaInvoke(scope, STATES.expireReview, {
    lambdaFunction: fns.expireReview,
    payload: TaskInput.fromObject(proposalRef),
    resultSelector: { Payload: JsonPath.objectAt("$.Payload") },
    resultPath: "$.expired",
  }).next(reviewClosed);

  const awaitDisbursement = new LambdaInvoke(scope, STATES.awaitDisbursement, {
    lambdaFunction: fns.openDisbursement,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      proposalId: JsonPath.stringAt("$.proposalId"),
      taskToken: JsonPath.taskToken,
    }),
    resultPath: "$.disbursement",
    taskTimeout: Timeout.duration(disbursementTimeout),
  })
    .addCatch(disbursementWaitEnded, { errors: [Errors.TIMEOUT], resultPath: "$.timeout" })
    .next(disbursed);

  const normOutcome = new Choice(scope, STATES.normOutcome)
    .when(Condition.booleanEquals("$.norms.passed", true), awaitDisbursement)
    .otherwise(returnedForNorms);

  const checkNorms = new LambdaInvoke(scope, STATES.checkNorms, {
    lambdaFunction: fns.checkNorms,
    payload: TaskInput.fromObject(proposalRef),
    resultSelector: { passed: JsonPath.stringAt("$.Payload.passed") },
    resultPath: "$.norms",
  }).next(normOutcome);

  const reviewOutcome = new Choice(scope, STATES.reviewOutcome)
    .when(Condition.stringEquals("$.review.decision", "approve"), checkNorms)
    .otherwise(reviewClosed);

  return new LambdaInvoke(scope, STATES.openReview, {
    lambdaFunction: fns.openReview,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      ...proposalRef,
      taskToken: JsonPath.taskToken,
      executionArn: JsonPath.stringAt("$$.Execution.Id"),
    }),
    resultPath: "$.review",
    taskTimeout: Timeout.duration(reviewTimeout),
  })
    .addCatch(expireReview, { errors: [Errors.TIMEOUT], resultPath: "$.timeout" })
    .next(reviewOutcome);
}
