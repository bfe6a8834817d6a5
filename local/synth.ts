import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, type Stack } from "aws-cdk-lib";
import { buildApp, IN_PROCESS_APP_PROPS } from "../infra/build-app.ts";
import type { AppTemplates, CfnTemplate } from "./template/types.ts";

export interface SynthResult {
  templates: AppTemplates;
  /** Wall time of the synthesis in milliseconds. */
  ms: number;
}

/**
 * Synthesizes the CDK app in-process with asset bundling skipped (the local stack runs the
 * handler sources, not bundles) and returns every stack's template.
 */
export async function synthesizeApp(): Promise<SynthResult> {
  const started = performance.now();
  const outdir = await mkdtemp(path.join(tmpdir(), "project8-synth-"));
  try {
    // Bundling skipped; the context `cdk deploy` must be given (authDomainPrefix) is set here.
    const app = new App({ outdir, context: { ...IN_PROCESS_APP_PROPS.context } });
    const { data, api, routes, stage } = buildApp(app);
    const assembly = app.synth();
    const templateOf = (stack: Stack) => ({
      stackName: stack.stackName,
      template: assembly.getStackByName(stack.stackName).template as CfnTemplate,
    });
    return {
      templates: {
        data: templateOf(data),
        api: templateOf(api),
        routes: routes.map(templateOf),
        stage: templateOf(stage),
      },
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
