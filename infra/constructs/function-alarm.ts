import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { ProjectFunction } from "./project-function.ts";

const FIVE_MINUTES = Duration.minutes(5);

/**
 * One alarm per function, in the function's own stack: unhandled errors or throttles, on the
 * first bad datapoint (in a system of this size each one is worth a look); no data is fine.
 */
export function functionAlarm(
  scope: Construct,
  fnId: string,
  fn: ProjectFunction,
  topic: ITopic,
): Alarm {
  const sum = { period: FIVE_MINUTES, statistic: "Sum" };
  const alarm = new Alarm(scope, `${fnId}ErrorsOrThrottles`, {
    alarmDescription: `Lambda ${fnId}: unhandled errors or throttles (see its log group).`,
    metric: new MathExpression({
      expression: "FILL(errors, 0) + FILL(throttles, 0)",
      usingMetrics: { errors: fn.metricErrors(sum), throttles: fn.metricThrottles(sum) },
      label: `${fnId} errors + throttles`,
      period: FIVE_MINUTES,
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
