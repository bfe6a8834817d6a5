import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import type { ProjectFunction } from "./project-function.ts";

const FIVE_MINUTES = Duration.minutes(5);

/**
 * An alarm to the alarm topic that fires on the first datapoint at or above `threshold`: in a
 * system of this size any failed execution, unhandled error or throttle is worth a look;
 * missing data (nothing ran) is not breaching.
 */
export function firstBreachAlarm(
  scope: Construct,
  id: string,
  description: string,
  metric: IMetric,
  topic: ITopic,
  threshold = 1,
): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

/** One alarm per function, in the function's own stack: unhandled errors or throttles. */
export function functionAlarm(
  scope: Construct,
  fnId: string,
  fn: ProjectFunction,
  topic: ITopic,
): Alarm {
  const sum = { period: FIVE_MINUTES, statistic: "Sum" };
  return firstBreachAlarm(
    scope,
    `${fnId}ErrorsOrThrottles`,
    `Lambda ${fnId}: unhandled errors or throttles (see its log group).`,
    new MathExpression({
      expression: "FILL(errors, 0) + FILL(throttles, 0)",
      usingMetrics: { errors: fn.metricErrors(sum), throttles: fn.metricThrottles(sum) },
      label: `${fnId} errors + throttles`,
      period: FIVE_MINUTES,
    }),
    topic,
  );
}
