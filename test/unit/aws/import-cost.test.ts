/**
 * The project's AWS clients and the adapters over them do no work at import: no node:http(s),
 * TLS or net is loaded until a first request (the transport loads them then), so a handler
 * that never calls a service pays nothing for it at cold start. Checked in a fresh Node
 * process, from its list of loaded built-in modules.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MODULES = [
  "shared/aws/kms.ts",
  "shared/aws/sfn.ts",
  "shared/aws/cognito.ts",
  "shared/aws/s3.ts",
  "shared/aws/s3-presign.ts",
  "shared/aws/dynamo.ts",
  "shared/audit/adapters/s3-digest-store.ts",
  "shared/audit/adapters/kms-digest-signer.ts",
  "shared/access/adapters/cognito-totp.ts",
  "shared/access/adapters/cognito-mfa-settings.ts",
  "shared/attachments/adapters/s3-attachment-files.ts",
  "shared/workflow/adapters/sfn-workflow.ts",
  "shared/directory/adapters/cognito-identity-provider.ts",
  "shared/privacy/adapters/pseudonym-key.ts",
  "shared/privacy/adapters/personal-data-cipher.ts",
];

/** The network built-ins loaded after importing `modules` (and `extra` code) in a new process. */
function networkModulesAfter(modules: readonly string[], extra = ""): string[] {
  const script = `
    for (const m of ${JSON.stringify(modules)}) await import(${JSON.stringify(`${ROOT}/`)} + m);
    ${extra}
    const loaded = process.moduleLoadList.filter((m) => /^NativeModule (http|https|tls|net|_http_\\w+)$/.test(m));
    console.log(JSON.stringify(loaded));`;
  const out = execFileSync(
    path.join(ROOT, "node_modules/.bin/node"),
    ["--experimental-transform-types", "--no-warnings", "--input-type=module", "-e", script],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
  );
  return JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe("GIVEN a fresh process WHEN the AWS clients and their adapters are imported", () => {
  it("THEN no network module is loaded yet (and the check sees one when it is)", () => {
    expect(networkModulesAfter(MODULES)).toEqual([]);
    expect(networkModulesAfter([], 'await import("node:http");')).toContain("NativeModule http");
  }, 60_000);
});
