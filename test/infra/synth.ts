/**
 * One synthesis of the project's CDK app for template tests: bundling skipped (no esbuild
 * runs), built-in CloudFormation validation off (it costs seconds; `cdk synth` keeps it).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp, IN_PROCESS_APP_PROPS } from "../../infra/build-app.ts";
import { PROJECT_ROOT } from "../../infra/constructs/project-function.ts";
import type { RoutesStack } from "../../infra/routes-stack.ts";
import type { StageStack } from "../../infra/stage-stack.ts";
import type { DataStack } from "../../infra/stateful-stack.ts";
import type { AppStack } from "../../infra/stateless-stack.ts";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";

export interface SynthesizedProject {
  readonly app: App;
  readonly data: DataStack;
  readonly api: AppStack;
  readonly routes: readonly RoutesStack[];
  readonly stage: StageStack;
  readonly dataTemplate: Template;
  /**
   * The stateless stacks as one template: the app stack, every route group's stack and the
   * stage's (their logical ids do not collide; a test asserts it). Cross-stack references in
   * it are `Fn::ImportValue`s, as in the stacks.
   */
  readonly appTemplate: Template;
  /** Each stateless stack's own template by stack name. */
  readonly statelessTemplates: ReadonlyMap<string, Template>;
  /** With `-c waf=true`: the us-east-1 stack of the web ACL. */
  readonly edgeTemplate?: Template;
}

/** Every handler entry named in the contract (routes, workflow tasks, schedules). */
export function allEntries(): { id: string; entry: string }[] {
  return [...ROUTES, ...Object.values(WORKFLOW_FUNCTIONS), ...Object.values(SCHEDULED_FUNCTIONS)];
}

/** Fails with the file's name when routes.ts points to a handler that does not exist. */
export function assertEntriesExist(): void {
  const missing = allEntries().filter((e) => !existsSync(path.join(PROJECT_ROOT, e.entry)));
  if (missing.length > 0) {
    throw new Error(
      `handler files named in shared/contract/ are missing: ${missing.map((m) => `${m.entry} (${m.id})`).join(", ")}`,
    );
  }
}

/**
 * Builds and synthesizes the app once; `configure` may add validation plugins before synthesis;
 * `context` is what `-c key=value` would pass (on top of the in-process defaults).
 */
export function synthProject(
  configure?: (app: App) => void,
  context: Record<string, unknown> = {},
): SynthesizedProject {
  assertEntriesExist();
  const app = new App({
    ...IN_PROCESS_APP_PROPS,
    context: { ...IN_PROCESS_APP_PROPS.context, ...context },
  });
  const { data, api, routes, stage, edge } = buildApp(app);
  configure?.(app);
  const assembly = app.synth();
  const stateless = [api, ...routes, stage].map(
    (stack) => [stack.stackName, assembly.getStackByName(stack.stackName).template] as const,
  );
  return {
    app,
    data,
    api,
    routes,
    stage,
    dataTemplate: Template.fromJSON(assembly.getStackByName(data.stackName).template),
    appTemplate: Template.fromJSON(mergeTemplates(stateless.map(([, t]) => t))),
    statelessTemplates: new Map(stateless.map(([name, t]) => [name, Template.fromJSON(t)])),
    ...(edge
      ? { edgeTemplate: Template.fromJSON(assembly.getStackByName(edge.stackName).template) }
      : {}),
  };
}

type JsonTemplate = { Resources?: Record<string, unknown>; Outputs?: Record<string, unknown> };

/**
 * One template of several stacks' resources and outputs; throws on a logical id in two. An
 * `Fn::ImportValue` of another of these stacks' exports becomes the exported value itself
 * (a `Ref` or `Fn::GetAtt`), so the merged template reads as one stack would.
 */
export function mergeTemplates(templates: readonly JsonTemplate[]): JsonTemplate {
  const exported = new Map<string, unknown>();
  for (const t of templates) {
    for (const output of Object.values(t.Outputs ?? {}) as {
      Value: unknown;
      Export?: { Name?: unknown };
    }[]) {
      if (typeof output.Export?.Name === "string") exported.set(output.Export.Name, output.Value);
    }
  }
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only?.[0] === "Fn::ImportValue" && typeof only[1] === "string") {
      if (exported.has(only[1])) return exported.get(only[1]);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, inline(v)]));
  };
  const merged: Required<JsonTemplate> = { Resources: {}, Outputs: {} };
  for (const t of templates) {
    for (const part of ["Resources", "Outputs"] as const) {
      for (const [id, value] of Object.entries(t[part] ?? {})) {
        if (part === "Resources" && id in merged.Resources) {
          throw new Error(`logical id ${id} is in two stateless stacks`);
        }
        merged[part][id] = inline(value);
      }
    }
  }
  return merged;
}

/** Every template of a synthesized project by stack name. */
export function allTemplates(project: SynthesizedProject): Map<string, Template> {
  return new Map([
    [project.data.stackName, project.dataTemplate],
    ...project.statelessTemplates,
    ...(project.edgeTemplate ? [["Project8Edge", project.edgeTemplate] as const] : []),
  ]);
}

export type CfnResource = {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
};

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): [string, CfnResource][] {
  return Object.entries(template.findResources(type)) as [string, CfnResource][];
}

/** The logical id of the Lambda function whose `project:entry` is `entry`. */
export function functionIdByEntry(template: Template, entry: string): string {
  const found = resourcesOfType(template, "AWS::Lambda::Function").filter(
    ([, r]) => r.Metadata?.["project:entry"] === entry,
  );
  if (found.length !== 1 || !found[0])
    throw new Error(`expected one function for ${entry}, got ${found.length}`);
  return found[0][0];
}
