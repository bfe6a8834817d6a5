/**
 * AWS list prices for ap-southeast-1 (Asia Pacific, Singapore), on-demand, no free tier,
 * in US dollars. Prices as of 2026-11-29 (the date the table was written).
 *
 * - Step Functions Standard: $0.025 per 1,000 state transitions, Singapore row of the
 *   "State transitions pricing table", https://aws.amazon.com/step-functions/pricing/
 *   (checked against the page text on 2026-11-29).
 * - Lambda, arm64 (the project's functions are arm64): $0.0000133334 per GB-second and
 *   $0.20 per 1M requests, https://aws.amazon.com/lambda/pricing/ (Singapore, first 7.5 billion
 *   GB-s tier).
 * - DynamoDB on-demand, Standard table class: $0.7115 per 1M write request units and
 *   $0.1425 per 1M read request units (the Singapore prices after the 1 November 2024 on-demand
 *   price cut), https://aws.amazon.com/dynamodb/pricing/on-demand/
 * - API Gateway HTTP API: $1.20 per 1M requests (Singapore, first 300M),
 *   https://aws.amazon.com/api-gateway/pricing/
 * - SES outbound email: $0.10 per 1,000 emails, https://aws.amazon.com/ses/pricing/
 *
 * Only the Step Functions price could be re-read from the page while writing this (no internet
 * on the build machine); the others are the published list prices as the author knows them and
 * must be re-checked against the linked pages before the figures are quoted as final.
 */
export const PRICES_DATE = "2026-11-29";
export const REGION = "ap-southeast-1";

export const PRICES = {
  sfnPerTransition: 0.025 / 1000,
  lambdaPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  dynamoPerWriteUnit: 0.7115 / 1e6,
  dynamoPerReadUnit: 0.1425 / 1e6,
  httpApiPerRequest: 1.2 / 1e6,
  sesPerEmail: 0.1 / 1000,
} as const;

/** The project's Lambda memory (infra/constructs/project-function.ts default). */
export const LAMBDA_MEMORY_MB = 512;
