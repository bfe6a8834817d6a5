/**
 * The IAM roles of the synthesized template with their identity-based policies, resolved to
 * local ARNs: inline `Policies` of an `AWS::IAM::Role`, every `AWS::IAM::Policy` and
 * `AWS::IAM::ManagedPolicy` that names the role in `Roles`, managed policies of the template
 * named in `ManagedPolicyArns`, and the `PermissionsBoundary`. An AWS managed policy has no
 * document here, so a role using one is refused at start-up rather than evaluated wrongly.
 */
import type { LocalApp } from "../template/accessors.ts";
import { LOCAL_ACCOUNT } from "../template/types.ts";
import type { PrincipalPolicies } from "./evaluate.ts";
import { type PolicyDocument, PolicyError, parsePolicy } from "./policy.ts";

export interface RolePolicies extends PrincipalPolicies {
  /** Logical id, which is the local role name. */
  name: string;
  arn: string;
  /**
   * Why the role's policies cannot be evaluated here (an AWS managed policy has no document):
   * fine for a role no local principal assumes (AWS Backup's), refused for a function's.
   */
  unevaluable?: string;
}

export const localRoleArn = (name: string) => `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}`;

/** The role ARN named by `arn:aws:iam::<account>:role/<path/>name`. */
export function roleNameFromArn(arn: string): string | undefined {
  return /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/**
 * Every role of the app by name (logical id). A role with an AWS managed policy is returned
 * with `unevaluable` set; `requireEvaluable` refuses it for a function.
 */
export function rolesOf(app: LocalApp): Map<string, RolePolicies> {
  const roles = new Map<
    string,
    { identity: PolicyDocument[]; boundary?: PolicyDocument; unevaluable?: string }
  >();
  const managed = new Map<string, PolicyDocument>();
  const attachments: { role: string; policy: PolicyDocument }[] = [];
  const managedRefs: { role: string; ref: string }[] = [];

  for (const stack of app.stacks) {
    const resolve = (id: string, property: string, value: unknown) =>
      app.resolver.resolve(stack, id, `Properties.${property}`, value);
    for (const [id, resource] of Object.entries(stack.template.Resources)) {
      const props = resource.Properties ?? {};
      const where = `${stack.stackName}/${id}`;
      if (resource.Type === "AWS::IAM::Role") {
        const identity: PolicyDocument[] = [];
        const inline = (resolve(id, "Policies", props.Policies) ?? []) as {
          PolicyName?: string;
          PolicyDocument?: unknown;
        }[];
        for (const p of inline) {
          identity.push(parsePolicy(`${where}.Policies.${p.PolicyName ?? "?"}`, p.PolicyDocument));
        }
        for (const arn of (resolve(id, "ManagedPolicyArns", props.ManagedPolicyArns) ??
          []) as unknown[]) {
          managedRefs.push({ role: id, ref: String(arn) });
        }
        const boundary = resolve(id, "PermissionsBoundary", props.PermissionsBoundary);
        const role: {
          identity: PolicyDocument[];
          boundary?: PolicyDocument;
          unevaluable?: string;
        } = {
          identity,
        };
        if (boundary !== undefined) {
          // Resolved after all managed policies are known.
          managedRefs.push({ role: id, ref: `boundary:${String(boundary)}` });
        }
        roles.set(id, role);
      } else if (
        resource.Type === "AWS::IAM::Policy" ||
        resource.Type === "AWS::IAM::ManagedPolicy"
      ) {
        const policy = parsePolicy(where, resolve(id, "PolicyDocument", props.PolicyDocument));
        if (resource.Type === "AWS::IAM::ManagedPolicy") managed.set(id, policy);
        for (const role of (resolve(id, "Roles", props.Roles) ?? []) as unknown[]) {
          attachments.push({ role: roleNameFromArn(String(role)) ?? String(role), policy });
        }
      }
    }
  }

  for (const { role, policy } of attachments) roles.get(role)?.identity.push(policy);
  for (const { role, ref } of managedRefs) {
    const isBoundary = ref.startsWith("boundary:");
    const name = isBoundary ? ref.slice("boundary:".length) : ref;
    // Ref of a template ManagedPolicy resolves to its logical id locally.
    const policy = managed.get(name) ?? managed.get(name.split("/").pop() ?? "");
    const r = roles.get(role);
    if (!r) continue;
    if (!policy) {
      r.unevaluable = `role ${role}: ${isBoundary ? "permissions boundary" : "managed policy"} ${name} is not in the template, so the local stack cannot evaluate it`;
      continue;
    }
    if (isBoundary) r.boundary = policy;
    else if (!r.identity.includes(policy)) r.identity.push(policy);
  }

  return new Map(
    [...roles].map(([name, r]) => [
      name,
      {
        name,
        arn: localRoleArn(name),
        identity: r.identity,
        ...(r.boundary ? { boundary: r.boundary } : {}),
        ...(r.unevaluable ? { unevaluable: r.unevaluable } : {}),
      },
    ]),
  );
}

/** The roles of the given functions; a function whose role cannot be evaluated stops the start-up. */
export function requireEvaluable(
  roles: ReadonlyMap<string, RolePolicies>,
  functions: readonly { logicalId: string; roleName?: string }[],
): void {
  const problems = functions.flatMap((fn) => {
    const role = fn.roleName ? roles.get(fn.roleName) : undefined;
    return role?.unevaluable ? [`${fn.logicalId}: ${role.unevaluable}`] : [];
  });
  if (problems.length > 0) throw new PolicyError(problems.join("\n"));
}
