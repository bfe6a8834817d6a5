/**
 * The full-size crash drill (the small one runs in `npm test`, test/integration/crash-drill.test.ts):
 * lifecycles at benchmark concurrency while the local stack is SIGKILLed and restarted at random
 * moments; then every proposal is checked (closed, paid once, audit chain verified, no duplicate
 * draft, every open task decidable).
 *
 *   npm run drill                                   # 300 proposals, 16 at a time, 5 kills
 *   DRILL_N=1000 DRILL_KILLS=10 npm run drill
 *
 * Ends with one JSON line; exits 1 when any check fails.
 */
import { startStack } from "../test/support/local-stack.ts";
import { crashDrill } from "./bench/drill.ts";

const stack = await startStack();
try {
  const report = await crashDrill(stack, {
    proposals: Number(process.env.DRILL_N ?? 300),
    concurrency: Number(process.env.DRILL_CONCURRENCY ?? 16),
    kills: Number(process.env.DRILL_KILLS ?? 5),
    maxPauseMs: Number(process.env.DRILL_MAX_PAUSE_MS ?? 8000),
  });
  for (const p of report.problems.slice(0, 20)) console.error(`drill: ${p}`);
  console.log(
    JSON.stringify({
      drill: "kill -9",
      proposals: report.proposals,
      kills: report.kills,
      closed: report.closed,
      seconds: report.seconds,
      problems: report.problems.length,
    }),
  );
  process.exitCode = report.problems.length === 0 ? 0 : 1;
} finally {
  await stack.dispose();
}
