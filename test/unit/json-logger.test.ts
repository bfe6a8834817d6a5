import { afterEach, describe, expect, it, vi } from "vitest";
import { JsonLogger } from "../../shared/logger.ts";

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.POWERTOOLS_LOG_LEVEL;
  delete process.env._X_AMZN_TRACE_ID;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((c) => out.push(String(c)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((c) => err.push(String(c)) > 0);
  return { out, err };
}

describe("GIVEN the structured logger (shared/logger.ts)", () => {
  it("WHEN the level is WARN THEN debug and info lines are dropped, warnings and errors go to stderr", () => {
    process.env.POWERTOOLS_LOG_LEVEL = "warn";
    const log = new JsonLogger();
    const { out, err } = capture();
    log.debug("d");
    log.info("i");
    log.warn("w", { code: "X" });
    log.error("e");
    expect(out).toEqual([]);
    expect(err.map((l) => JSON.parse(l).message)).toEqual(["w", "e"]);
    expect(JSON.parse(err[0] ?? "{}")).toMatchObject({ level: "WARN", code: "X" });
  });

  it("WHEN Lambda gives a trace header THEN the line carries its X-Ray root id, in UTC time", () => {
    process.env._X_AMZN_TRACE_ID =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f;Sampled=1";
    const log = new JsonLogger();
    const { out } = capture();
    log.info("hello");
    const line = JSON.parse(out[0] ?? "{}");
    expect(line.xray_trace_id).toBe("1-5759e988-bd862e3fe1be46a994272793");
    expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("WHEN the invocation's keys are reset THEN the next line has none of them", () => {
    const log = new JsonLogger();
    const { out } = capture();
    log.setCorrelationId("req-1");
    log.appendKeys({ proposalId: "p-1" });
    log.info("a");
    log.resetKeys();
    log.info("b");
    const [a, b] = out.map((l) => JSON.parse(l));
    expect(a).toMatchObject({ correlation_id: "req-1", proposalId: "p-1" });
    expect(b.correlation_id).toBeUndefined();
    expect(b.proposalId).toBeUndefined();
  });
});
