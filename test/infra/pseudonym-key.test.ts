import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../shared/contract/index.ts";
import { allEntries, functionIdByEntry, resourcesOfType, synthProject } from "./synth.ts";

let data: Template;
let app: Template;

beforeAll(() => {
  const project = synthProject();
  data = project.dataTemplate;
  app = project.appTemplate;
});

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Logical ids of the roles whose policies allow `action`, with the resources. */
function rolesAllowing(action: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, policy] of resourcesOfType(app, "AWS::IAM::Policy")) {
    const doc = policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] };
    for (const st of doc.Statement) {
      const actions = asArray(st.Action).map(String);
      if (!actions.some((a) => a === action || a === "kms:*" || a === "*")) continue;
      for (const role of asArray(policy.Properties?.Roles) as { Ref: string }[]) {
        out.set(role.Ref, [
          ...(out.get(role.Ref) ?? []),
          ...asArray(st.Resource).map((r) => JSON.stringify(r)),
        ]);
      }
    }
  }
  return out;
}

function roleOf(entry: string): string {
  const fnId = functionIdByEntry(app, entry);
  const role = app.toJSON().Resources?.[fnId]?.Properties?.Role as {
    "Fn::GetAtt": [string, string];
  };
  return role["Fn::GetAtt"][0];
}

describe("GIVEN the survivor-pseudonym key WHEN synthesized", () => {
  it("THEN it is a retained KMS HMAC_256 key for GENERATE_VERIFY_MAC with its alias", () => {
    const keys = resourcesOfType(data, "AWS::KMS::Key").filter(
      ([, k]) => k.Properties?.KeySpec === "HMAC_256",
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]?.[1].Properties).toMatchObject({ KeyUsage: "GENERATE_VERIFY_MAC" });
    const key = keys[0]?.[1] as { DeletionPolicy?: string } | undefined;
    expect(key?.DeletionPolicy).toBe("Retain");
    data.hasResourceProperties("AWS::KMS::Alias", {
      AliasName: "alias/project8/survivor-pseudonym",
    });
  });

  it("THEN only the routes that create proposals or register and edit survivor cases can GenerateMac, and only with that key", () => {
    // A survivor case's pseudonym and its duplicate key (a keyed hash of her normalized name)
    // are computed when the case is registered or edited (shared/registry/use-cases/register.ts).
    const ids = [
      "CreateProposal",
      "WebCreateProposal",
      "CreateBeneficiary",
      "UpdateBeneficiary",
      "WebRegistryCreate",
      "WebRegistryEntryAction",
      // A batch writes its members' drafts as CreateProposal does (an A3 member gets its
      // pseudonym); submitting writes the drafts a creation cut short left missing.
      "CreateBatch",
      "WebCreateBatch",
      "SubmitBatch",
      "WebBatchAction",
    ];
    const routes = ids.map((id) => {
      const r = ROUTES.find((x) => x.id === id);
      if (!r) throw new Error(`${id} missing from the contract`);
      return r;
    });
    const allowed = rolesAllowing("kms:GenerateMac");
    expect([...allowed.keys()].sort()).toEqual(routes.map((r) => roleOf(r.entry)).sort());
    for (const r of routes) {
      const resources = allowed.get(roleOf(r.entry)) ?? [];
      expect(resources, r.id).toHaveLength(1);
      expect(resources[0]).toMatch(/ExportsOutputFnGetAttPseudonymKey[0-9A-F]{8}Arn/);
    }
  });

  it("THEN PSEUDONYM_KEY_ID is set exactly on the functions granted the pseudonym key", () => {
    for (const row of allEntries() as {
      id: string;
      entry: string;
      grants: { pseudonym?: boolean };
    }[]) {
      const fn = app.toJSON().Resources?.[functionIdByEntry(app, row.entry)];
      const env = (fn?.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      expect("PSEUDONYM_KEY_ID" in env, row.id).toBe(row.grants.pseudonym === true);
      if (row.grants.pseudonym) {
        expect(JSON.stringify(env.PSEUDONYM_KEY_ID)).toMatch(/PseudonymKey[0-9A-F]{8}Arn/);
      }
    }
  });
});
