/** The DynamoDB adapters of the monitoring ports, composed as the handlers need them. */
import { dynamoDirectory } from "../../directory/adapters/dynamo-directory.ts";
import { dynamoAggregateReader, dynamoIndicatorLedger } from "./dynamo-indicator-ledger.ts";
import {
  dynamoEventStore,
  dynamoIndicatorStore,
  dynamoReportStore,
  dynamoTargetStore,
} from "./dynamo-monitoring-stores.ts";

export const dashboardPorts = {
  directory: dynamoDirectory,
  aggregates: dynamoAggregateReader,
  targets: dynamoTargetStore,
  indicators: dynamoIndicatorStore,
};

export const reportPorts = {
  ...dashboardPorts,
  reports: dynamoReportStore,
  ledger: dynamoIndicatorLedger,
};

export const eventPorts = {
  directory: dynamoDirectory,
  events: dynamoEventStore,
  ledger: dynamoIndicatorLedger,
};
