import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import { firstBreachAlarm, functionAlarm } from "./function-alarm.ts";
import type { ProjectFunction } from "./project-function.ts";

/**
 * SES pauses an account's sending at a 10 % bounce rate (review from 5 %) and at a 0.5 %
 * complaint rate (review from 0.1 %): the alarms fire before the review thresholds.
 */
export const SES_ALARM_THRESHOLDS = { bounceRate: 0.04, complaintRate: 0.0008 } as const;

export interface OperationsProps {
  readonly alarmTopic: ITopic;
  readonly stateMachine: StateMachine;
  readonly functions: ReadonlyMap<string, ProjectFunction>;
  readonly tables: Readonly<Record<string, ITable>>;
  readonly httpApi: HttpApi;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Every function's name starts with its stack's name, and every stack's with this. */
const FUNCTION_SEARCH_TERM = "Project8";

/**
 * Alarms to the alarm topic and one dashboard. Every alarm fires on the first bad datapoint:
 * in a system of this size any failed execution, unhandled Lambda error or throttle is worth
 * a look; missing data (nothing ran) is not breaching.
 */
export class Operations extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold = 1) => {
      const a = firstBreachAlarm(this, alarmId, description, metric, props.alarmTopic, threshold);
      this.alarms.push(a);
      return a;
    };

    const sm = props.stateMachine;
    const sum = { period: FIVE_MINUTES, statistic: "Sum" };
    alarm(
      "ExecutionsFailed",
      "A proposal lifecycle execution failed: the proposal may need a person (sweep, docs/deploy.md).",
      sm.metricFailed(sum),
    );
    alarm(
      "ExecutionsTimedOut",
      "A proposal lifecycle execution timed out (one-year limit or a task timeout).",
      sm.metricTimedOut(sum),
    );
    alarm(
      "ExecutionsAborted",
      "A proposal lifecycle execution was aborted (StopExecution by hand or by a cancel).",
      sm.metricAborted(sum),
    );

    // The app stack's own functions; each route group's stack alarms on its functions.
    for (const [fnId, fn] of props.functions) {
      this.alarms.push(functionAlarm(this, fnId, fn, props.alarmTopic));
    }

    for (const [tableId, table] of Object.entries(props.tables)) {
      const dims = { TableName: table.tableName };
      alarm(
        `${tableId}Throttles`,
        `DynamoDB ${tableId}: read or write requests were throttled.`,
        new MathExpression({
          expression: "FILL(r, 0) + FILL(w, 0)",
          usingMetrics: {
            r: new Metric({
              namespace: "AWS/DynamoDB",
              metricName: "ReadThrottleEvents",
              dimensionsMap: dims,
              ...sum,
            }),
            w: new Metric({
              namespace: "AWS/DynamoDB",
              metricName: "WriteThrottleEvents",
              dimensionsMap: dims,
              ...sum,
            }),
          },
          label: `${tableId} throttle events`,
          period: FIVE_MINUTES,
        }),
      );
    }

    const sesRate = (metricName: string) =>
      new Metric({
        namespace: "AWS/SES",
        metricName,
        period: Duration.hours(1),
        statistic: "Maximum",
      });
    alarm(
      "SesBounceRate",
      `SES bounce rate at or above ${SES_ALARM_THRESHOLDS.bounceRate * 100} % (AWS reviews the account from 5 %, pauses sending at 10 %).`,
      sesRate("Reputation.BounceRate"),
      SES_ALARM_THRESHOLDS.bounceRate,
    );
    alarm(
      "SesComplaintRate",
      `SES complaint rate at or above ${SES_ALARM_THRESHOLDS.complaintRate * 100} % (AWS reviews from 0.1 %, pauses at 0.5 %).`,
      sesRate("Reputation.ComplaintRate"),
      SES_ALARM_THRESHOLDS.complaintRate,
    );
    alarm(
      "ApiServerErrors",
      "The HTTP API answered 5xx (bad input must be 4xx: a 5xx is a bug or an outage).",
      props.httpApi.metricServerError(sum),
    );

    this.dashboard = this.newDashboard(props);
  }

  private newDashboard(props: OperationsProps): Dashboard {
    const sum = { period: FIVE_MINUTES, statistic: "Sum" };
    const sm = props.stateMachine;
    const dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: "Project8",
      defaultInterval: Duration.days(1),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# Project 8\nProposals lifecycle, API, functions, tables, mail. Alarms go to the alarm topic (docs/deploy.md).",
        width: 24,
        height: 2,
      }),
      new AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "HTTP API requests, 4xx, 5xx",
        left: [
          props.httpApi.metricCount(sum),
          props.httpApi.metricClientError(sum),
          props.httpApi.metricServerError(sum),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: "HTTP API latency (p50, p95)",
        left: [
          props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p50" }),
          props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p95" }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "Lifecycle executions",
        left: [
          sm.metricStarted(sum),
          sm.metricSucceeded(sum),
          sm.metricFailed(sum),
          sm.metricTimedOut(sum),
          sm.metricAborted(sum),
        ],
        width: 12,
      }),
      // A search, not a list: the functions live in several stacks (one per route group).
      new GraphWidget({
        title: "Lambda errors and throttles (all functions)",
        left: [
          new MathExpression({
            expression: `SUM(SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors" ${FUNCTION_SEARCH_TERM}', 'Sum', 300))`,
            label: "errors",
            period: FIVE_MINUTES,
          }),
          new MathExpression({
            expression: `SUM(SEARCH('{AWS/Lambda,FunctionName} MetricName="Throttles" ${FUNCTION_SEARCH_TERM}', 'Sum', 300))`,
            label: "throttles",
            period: FIVE_MINUTES,
          }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "DynamoDB consumed capacity",
        left: Object.entries(props.tables).flatMap(([tableId, table]) => [
          table.metricConsumedReadCapacityUnits({ ...sum, label: `${tableId} read` }),
          table.metricConsumedWriteCapacityUnits({ ...sum, label: `${tableId} write` }),
        ]),
        width: 12,
      }),
      new GraphWidget({
        title: "SES bounce and complaint rates",
        left: [
          new Metric({
            namespace: "AWS/SES",
            metricName: "Reputation.BounceRate",
            period: Duration.hours(1),
            statistic: "Maximum",
          }),
          new Metric({
            namespace: "AWS/SES",
            metricName: "Reputation.ComplaintRate",
            period: Duration.hours(1),
            statistic: "Maximum",
          }),
        ],
        width: 12,
      }),
    );
    return dashboard;
  }
}
