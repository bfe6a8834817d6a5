import type { Context } from "aws-lambda";
import type * as core from "zod/v4/core";
import { clock } from "../clock.ts";
import { logger } from "../logger.ts";
import { observed } from "../observability.ts";
import { pipeline } from "./middleware.ts";
import { parseValue } from "./validate.ts";

/**
 * Wraps a Step Functions / scheduled task: validates the payload, runs the use case with the
 * current time, logs failures by name (no payloads: they may name a proposal, never a person)
 * and rethrows so that the state's Retry / Catch decide.
 */
export function taskHandler<S extends core.$ZodType, R>(
  name: string,
  schema: S,
  fn: (input: core.output<S>, at: string) => Promise<R>,
) {
  const lambdaHandler = async (event: unknown): Promise<R> => {
    const input = parseValue(event, schema, `${name} payload`);
    try {
      return await fn(input, clock.iso());
    } catch (err) {
      logger.error(`${name} failed`, {
        error: (err as Error).name,
        message: (err as Error).message,
      });
      throw err;
    }
  };
  return { lambdaHandler, handler: observed(pipeline<unknown, R, Error, Context>(lambdaHandler)) };
}
