import type { Context } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The structured logger and the business metrics (Powertools' line shapes) through the handlers'
 * observability middleware: the log line of
 * a request carries the API Gateway request id and the proposal id, never a survivor's or a
 * savings-group member's name (even when a caller passes one by mistake), and the business
 * metrics come out as one EMF line per invocation with their names and the namespace.
 */
const SURVIVOR = "Hoàng Thị Xuyến Fixture";
const MEMBER = "Sùng Thị Mỷ Fixture";

type Mod = {
  logger: typeof import("../../shared/logger.ts");
  metrics: typeof import("../../shared/metrics.ts");
  observability: typeof import("../../shared/observability.ts");
  middleware: typeof import("../../shared/http/middleware.ts");
};
let m: Mod;

beforeAll(async () => {
  // What the CDK construct sets on every function (shared/config.ts); read at construction.
  const { POWERTOOLS_ENVIRONMENT } = await import("../../shared/config.ts");
  Object.assign(process.env, POWERTOOLS_ENVIRONMENT);
  vi.resetModules();
  m = {
    logger: await import("../../shared/logger.ts"),
    metrics: await import("../../shared/metrics.ts"),
    observability: await import("../../shared/observability.ts"),
    middleware: await import("../../shared/http/middleware.ts"),
  };
});

afterEach(() => vi.restoreAllMocks());

/** Every line written to stdout and stderr while `run` runs. */
async function linesOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const out: string[] = [];
  const grab = (chunk: unknown) => {
    out.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(grab);
  vi.spyOn(process.stderr, "write").mockImplementation(grab);
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return out
    .join("")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const context = {
  functionName: "SubmitProposalFn",
  awsRequestId: "lambda-req-1",
  invokedFunctionArn: "arn:aws:lambda:ap-southeast-1:000000000000:function:SubmitProposalFn",
  memoryLimitInMB: "512",
  functionVersion: "$LATEST",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const apiEvent = (requestId: string, id: string) => ({
  requestContext: { requestId },
  pathParameters: { id },
  rawPath: `/v1/proposals/${id}/submit`,
});

function handlerOf(fn: (event: unknown) => Promise<unknown>, routePath?: string) {
  return m.observability.observed(
    m.middleware.pipeline<unknown, unknown, Error, Context>(fn),
    routePath,
  );
}

describe("GIVEN the structured logger behind the observability middleware", () => {
  it("WHEN a request logs THEN the line carries the API Gateway request id and the proposal id, and the Lambda context", async () => {
    const h = handlerOf(async () => {
      m.logger.logger.info("submitted", { ref: "BX-2026-0001" });
      return "ok";
    }, "/v1/proposals/{id}/submit");
    const lines = await linesOf(() => h(apiEvent("apigw-req-7", "p-123"), context));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "INFO",
      message: "submitted",
      service: "project8",
      correlation_id: "apigw-req-7",
      proposalId: "p-123",
      function_name: "SubmitProposalFn",
      function_request_id: "lambda-req-1",
      function_memory_size: 512,
      cold_start: true,
      ref: "BX-2026-0001",
    });
  });

  it("WHEN the next invocation logs THEN it carries its own ids, not the previous request's", async () => {
    const h = handlerOf(async () => {
      m.logger.logger.warn("again");
    }, "/v1/proposals/{id}");
    await linesOf(() => h(apiEvent("first", "p-1"), context));
    const [line] = await linesOf(() => h({ requestContext: { requestId: "second" } }, context));
    expect(line?.correlation_id).toBe("second");
    expect(line?.proposalId).toBeUndefined();
    expect(line?.cold_start).toBe(false);
  });

  it("WHEN a workflow task logs THEN the payload's proposal id is on the line; a malformed id is not", async () => {
    const h = handlerOf(async () => {
      m.logger.logger.error("CheckNorms failed", { error: "Boom" });
    });
    const [ok] = await linesOf(() => h({ proposalId: "p-9", submissionNo: 1 }, context));
    expect(ok).toMatchObject({ level: "ERROR", proposalId: "p-9", error: "Boom" });
    const [bad] = await linesOf(() => h({ proposalId: `${SURVIVOR} <script>` }, context));
    expect(bad?.proposalId).toBeUndefined();
    expect(JSON.stringify(bad)).not.toContain("Xuyến");
  });

  it("WHEN a caller passes a survivor's or a member's name under a personal key, at any depth THEN it never reaches the line", async () => {
    const lines = await linesOf(async () => {
      m.logger.logger.warn("oops", { fullName: SURVIVOR, name: MEMBER, phone: "0912 468 357" });
      m.logger.structuredLogger.info("nested", {
        members: [{ name: MEMBER }],
        beneficiary: { personal: { fullName: SURVIVOR, idNumber: "031987004219" } },
        body: JSON.stringify({ fullName: SURVIVOR }),
        address: "Thôn Nậm Pung",
      });
    });
    expect(lines).toHaveLength(2);
    const text = JSON.stringify(lines);
    for (const needle of [SURVIVOR, MEMBER, "Xuyến", "Mỷ", "468 357", "004219", "Nậm Pung"])
      expect(text).not.toContain(needle);
    expect(lines[0]).toMatchObject({ fullName: "[redacted]", name: "[redacted]" });
    expect(lines[1]).toMatchObject({ beneficiary: { personal: "[redacted]" }, body: "[redacted]" });
  });

  it("WHEN POWERTOOLS_LOGGER_LOG_EVENT would log the event THEN the middleware still does not (the event holds the body)", async () => {
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = "true";
    try {
      const h = handlerOf(async () => "ok", "/v1/proposals/{id}");
      const lines = await linesOf(() =>
        h({ ...apiEvent("r", "p-1"), body: JSON.stringify({ fullName: SURVIVOR }) }, context),
      );
      expect(JSON.stringify(lines)).not.toContain("Xuyến");
    } finally {
      delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
    }
  });
});

describe("GIVEN the business metrics", () => {
  it("WHEN an invocation counts events THEN one EMF line has the metric names, the namespace and the service", async () => {
    const { BUSINESS_METRICS, countMetric } = m.metrics;
    const h = handlerOf(async () => {
      countMetric(BUSINESS_METRICS.proposalsSubmitted);
      countMetric(BUSINESS_METRICS.proposalsApproved);
      countMetric(BUSINESS_METRICS.proposalsReturnedForNorms);
      countMetric(BUSINESS_METRICS.emailsFailed, 2);
      countMetric(BUSINESS_METRICS.sweepRepairs);
    });
    const lines = await linesOf(() => h({}, context));
    const emf = lines.filter((l) => "_aws" in l);
    expect(emf).toHaveLength(1);
    const aws = emf[0]?._aws as {
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string }[];
      }[];
    };
    const directive = aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe("Project8");
    expect(directive?.Dimensions).toEqual([["service"]]);
    expect(directive?.Metrics.map((x) => x.Name).sort()).toEqual(
      Object.values(BUSINESS_METRICS).sort(),
    );
    expect(emf[0]).toMatchObject({
      service: "project8",
      ProposalsSubmitted: 1,
      EmailsFailed: 2,
      SweepRepairs: 1,
    });
  });

  it("WHEN the invocation fails after counting THEN the counts are still flushed; an invocation that counts nothing writes no EMF", async () => {
    const failing = handlerOf(async () => {
      m.metrics.countMetric(m.metrics.BUSINESS_METRICS.emailsFailed);
      throw new Error("send failed");
    });
    const lines = await linesOf(() => failing({}, context).catch(() => undefined));
    expect(lines.filter((l) => "_aws" in l).map((l) => l.EmailsFailed)).toEqual([1]);
    const quiet = handlerOf(async () => "ok");
    expect(await linesOf(() => quiet({}, context))).toEqual([]);
  });
});
