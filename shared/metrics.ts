/**
 * Business metrics in CloudWatch's Embedded Metric Format, as Powertools for AWS Lambda's
 * Metrics writes them: a count is added where the event happens and the invocation's counts are
 * written as one EMF line when it ends (shared/observability.ts), which CloudWatch Logs turns
 * into metrics of the namespace POWERTOOLS_METRICS_NAMESPACE with the dimension `service`
 * (POWERTOOLS_SERVICE_NAME). No personal data: names and counts only. Its own few lines rather
 * than Powertools' Metrics, whose construction opens process.stdout at every cold start for
 * the rare invocation that counts something (shared/logger.ts says the same of the Logger).
 */

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

/** The invocation's counts, by metric name. */
const counts = new Map<BusinessMetric, number>();

/** Counts a business event in this invocation. */
export function countMetric(name: BusinessMetric, value = 1): void {
  counts.set(name, (counts.get(name) ?? 0) + value);
}

/** The EMF line of the counts (the document CloudWatch Logs reads, one JSON object). */
export function emfLine(
  stored: ReadonlyMap<string, number>,
  at: number,
  namespace = process.env.POWERTOOLS_METRICS_NAMESPACE ?? "default_namespace",
  service = process.env.POWERTOOLS_SERVICE_NAME || "service_undefined",
): string {
  const names = [...stored.keys()];
  return JSON.stringify({
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [["service"]],
          Metrics: names.map((Name) => ({ Name, Unit: "Count" })),
        },
      ],
    },
    service,
    ...Object.fromEntries(stored),
  });
}

/** Writes the invocation's counts as one EMF line; nothing when none were counted. */
export function flushMetrics(): void {
  if (counts.size === 0) return;
  const line = emfLine(counts, Date.now());
  counts.clear();
  process.stdout.write(`${line}\n`);
}
