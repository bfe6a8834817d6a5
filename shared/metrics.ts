/**
 * Business metrics in CloudWatch's Embedded Metric Format, through Powertools for AWS Lambda's
 * Metrics: a count is added where the event happens and the invocation's counts are written as
 * one EMF line when it ends (shared/observability.ts), which CloudWatch Logs turns into metrics
 * of the namespace POWERTOOLS_METRICS_NAMESPACE with the dimension `service`
 * (POWERTOOLS_SERVICE_NAME). No personal data: names and counts only.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/** Every business metric, by name (the alarms and the dashboard use the same names). */
export const BUSINESS_METRICS = {
  /** A draft or returned proposal sent to its reviewing unit. */
  proposalsSubmitted: "ProposalsSubmitted",
  /** A proposal that passed the norm check and was approved (its amounts reserved). */
  proposalsApproved: "ProposalsApproved",
  /** A proposal the norm check returned to the commune (a cap breached). */
  proposalsReturnedForNorms: "ProposalsReturnedForNorms",
  /** A mail (approver task, commune notice, workflow failure) that could not be sent. */
  emailsFailed: "EmailsFailed",
  /** An execution the sweep started again for a proposal whose workflow had stopped. */
  sweepRepairs: "SweepRepairs",
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];

/** The one Metrics instance of a function. */
export const metrics = new Metrics();

/** Counts a business event in this invocation. */
export function countMetric(name: BusinessMetric, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** Writes the invocation's counts as one EMF line; nothing when none were counted. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
