/**
 * `npm run token -- <username> [--data-dir <dir>]`: prints a bearer token for a demo user that
 * the local stack accepts (local stack only; the keys are those in <data-dir>/keys/, created
 * by the first `npm start`).
 *   curl -H "Authorization: Bearer $(npm run -s token -- approver.batxat)" http://127.0.0.1:3000/v1/tasks
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_USERS } from "../local/demo/users.ts";
import { loadLocalIdentity } from "../local/identity.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "data-dir": { type: "string" } },
});
const username = positionals[0];
const known = DEMO_USERS.map((u) => `  ${u.username.padEnd(18)} ${u.role.padEnd(17)} ${u.unitId}`);

if (!username) {
  console.error(
    `usage: npm run token -- <username> [--data-dir .local]\ndemo users:\n${known.join("\n")}`,
  );
  process.exit(2);
}
if (!DEMO_USERS.some((u) => u.username === username)) {
  console.error(`unknown user "${username}"; demo users:\n${known.join("\n")}`);
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(root, values["data-dir"] ?? process.env.LOCAL_DATA_DIR ?? ".local");
try {
  const identity = await loadLocalIdentity(dataDir);
  console.log(await identity.issueToken(username));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
