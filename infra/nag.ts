import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/**
 * Acknowledges a cdk-nag (v3) finding on a construct and everything below it, with the reason
 * recorded in the construct tree and the validation report. With `findings`, only those
 * findings of the rule are acknowledged (e.g. "Resource::*" for AwsSolutions-IAM5), never
 * the whole rule.
 */
export function acknowledge(
  scope: IConstruct,
  ruleId: string,
  reason: string,
  findings?: readonly string[],
): void {
  const ids = findings ? findings.map((f) => `${ruleId}[${f}]`) : [ruleId];
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The text cdk-nag shows for a (tokenized) resource string, e.g. `<MyFnABC123.Arn>:*`, so a
 * finding can be acknowledged exactly without hard-coding hashed logical ids. Only valid for
 * values of the construct's own stack (cross-stack references become imports at synthesis).
 */
export function nagResourceText(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function flatten(node: unknown): string {
  if (node === undefined) return "";
  if (typeof node === "string") return node.replace(/\$\{/g, "<").replace(/\}/g, ">");
  if (typeof node === "object" && node !== null) {
    const o = node as Record<string, unknown>;
    const join = o["Fn::Join"];
    if (Array.isArray(join) && typeof join[0] === "string" && Array.isArray(join[1])) {
      return join[1].map(flatten).join(join[0]);
    }
    if ("Fn::Sub" in o) return flatten(o["Fn::Sub"]);
    const getAtt = o["Fn::GetAtt"];
    if (Array.isArray(getAtt)) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if ("Fn::ImportValue" in o) return flatten(o["Fn::ImportValue"]);
    if ("Ref" in o) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
