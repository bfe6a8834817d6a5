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
import type { DataStack } from "../../infra/stateful-stack.ts";
import type { AppStack } from "../../infra/stateless-stack.ts";
import { ROUTES, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from "../../shared/contract/index.ts";

export interface SynthesizedProject {
  readonly app: App;
  readonly data: DataStack;
  readonly api: AppStack;
  readonly dataTemplate: Template;
  readonly appTemplate: Template;
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
  const { data, api, edge } = buildApp(app);
  configure?.(app);
  const assembly = app.synth();
  return {
    app,
    data,
    api,
    dataTemplate: Template.fromJSON(assembly.getStackByName(data.stackName).template),
    appTemplate: Template.fromJSON(assembly.getStackByName(api.stackName).template),
    ...(edge
      ? { edgeTemplate: Template.fromJSON(assembly.getStackByName(edge.stackName).template) }
      : {}),
  };
}

/** Every template of a synthesized project by stack name. */
export function allTemplates(project: SynthesizedProject): Map<string, Template> {
  return new Map([
    [project.data.stackName, project.dataTemplate],
    [project.api.stackName, project.appTemplate],
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
