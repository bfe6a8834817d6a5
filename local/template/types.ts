/** The slice of a CloudFormation template the local stack reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnOutput {
  Value: unknown;
  Export?: { Name: unknown };
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
}

/** One synthesized stack: its name and template. */
export interface StackTemplate {
  stackName: string;
  template: CfnTemplate;
}

/** The stacks of the CDK app, as `buildApp` declares them. */
export interface AppTemplates {
  data: StackTemplate;
  api: StackTemplate;
  /** One stack per route group (shared/contract/routes.ts). */
  routes: StackTemplate[];
  /** The HTTP API's stage. */
  stage: StackTemplate;
}

export const LOCAL_REGION = "ap-southeast-1";
export const LOCAL_ACCOUNT = "000000000000";
