import type {
  AttributeDefinition,
  GlobalSecondaryIndex,
  KeySchemaElement,
} from "@aws-sdk/client-dynamodb";
import {
  createResolver,
  localFunctionArn,
  localStateMachineArn,
  type Resolver,
  UnresolvableError,
} from "./resolve.ts";
import type { AppTemplates, CfnResource, StackTemplate } from "./types.ts";

/** Every stack of the app with one resolver over them. */
export interface LocalApp {
  stacks: readonly StackTemplate[];
  resolver: Resolver;
}

export function loadApp(templates: AppTemplates): LocalApp {
  const stacks = [templates.data, templates.api, ...templates.routes, templates.stage];
  return { stacks, resolver: createResolver(stacks) };
}

export interface TableSpec {
  /** Logical id, which is also the local table name. */
  name: string;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  globalSecondaryIndexes: GlobalSecondaryIndex[];
  ttlAttribute?: string;
}

export interface FunctionSpec {
  logicalId: string;
  arn: string;
  /** Module path relative to the project root (`project:entry` metadata). */
  entry: string;
  /** Exported name of the handler (`project:handler` metadata). */
  handler: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** The execution role's name (its logical id), when the function has one. */
  roleName?: string;
  /** The `Handler` setting as deployed (`index.handler`), the value of Lambda's `_HANDLER`. */
  handlerSetting: string;
}

export interface RouteSpec {
  logicalId: string;
  /** "GET /v1/proposals/{id}" */
  routeKey: string;
  method: string;
  path: string;
  auth: "JWT" | "NONE";
  functionLogicalId: string;
}

export interface StateMachineSpec {
  logicalId: string;
  name: string;
  arn: string;
  definition: string;
  /** The state machine's execution role ARN (`RoleArn`), if any. */
  roleArn?: string;
}

export interface ScheduleSpec {
  logicalId: string;
  ruleArn: string;
  expression: string;
  enabled: boolean;
  functionLogicalIds: string[];
}

export interface JwtAuthorizerSpec {
  logicalId: string;
  audience: string[];
  issuer: string;
}

/** A resource of the app with the stack that declares it. */
export type Found = { stack: StackTemplate; id: string; resource: CfnResource };

export function resourcesOfType(app: LocalApp, ...types: string[]): Found[] {
  const found: Found[] = [];
  for (const stack of app.stacks) {
    for (const [id, resource] of Object.entries(stack.template.Resources)) {
      if (types.includes(resource.Type)) found.push({ stack, id, resource });
    }
  }
  return found;
}

/** A resource's property with its intrinsics resolved. */
export function prop(app: LocalApp, f: Found, name: string): unknown {
  return app.resolver.resolve(f.stack, f.id, `Properties.${name}`, f.resource.Properties?.[name]);
}

function str(app: LocalApp, f: Found, name: string): string {
  const value = prop(app, f, name);
  if (typeof value !== "string") {
    throw new UnresolvableError(`${f.stack.stackName}/${f.id}.Properties.${name}: not a string`);
  }
  return value;
}

/** The function logical id named by a local Lambda ARN or an API Gateway integration URI. */
export function functionIdFromArn(arn: string): string {
  const match = /:function:([^/:]+)/.exec(arn);
  if (!match?.[1]) throw new UnresolvableError(`"${arn}" is not a Lambda function ARN`);
  return match[1];
}

/** DynamoDB tables (`AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable`). */
export function tablesOf(app: LocalApp): TableSpec[] {
  return resourcesOfType(app, "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable").map((f) => {
    const gsis = (prop(app, f, "GlobalSecondaryIndexes") ?? []) as GlobalSecondaryIndex[];
    const ttl = prop(app, f, "TimeToLiveSpecification") as
      | { AttributeName?: string; Enabled?: boolean }
      | undefined;
    return {
      name: f.id,
      keySchema: prop(app, f, "KeySchema") as KeySchemaElement[],
      attributeDefinitions: prop(app, f, "AttributeDefinitions") as AttributeDefinition[],
      globalSecondaryIndexes: gsis.map((g) => ({
        IndexName: g.IndexName,
        KeySchema: g.KeySchema,
        Projection: g.Projection ?? { ProjectionType: "ALL" },
      })),
      ...(ttl?.Enabled !== false && ttl?.AttributeName ? { ttlAttribute: ttl.AttributeName } : {}),
    };
  });
}

/**
 * The project's Lambda functions: those carrying `project:entry` metadata. Functions CDK adds
 * for itself (custom resource providers) have none and do not run locally.
 */
export function functionsOf(app: LocalApp): FunctionSpec[] {
  return resourcesOfType(app, "AWS::Lambda::Function").flatMap((f) => {
    const entry = f.resource.Metadata?.["project:entry"];
    if (typeof entry !== "string") return [];
    const handler = f.resource.Metadata?.["project:handler"];
    const env = prop(app, f, "Environment") as { Variables?: Record<string, unknown> } | undefined;
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(env?.Variables ?? {})) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw new UnresolvableError(
          `${f.stack.stackName}/${f.id}.Properties.Environment.Variables.${k}: not a scalar`,
        );
      }
      environment[k] = String(v);
    }
    const role = prop(app, f, "Role");
    const roleName =
      typeof role === "string" ? /:role\/(?:.*\/)?([^/]+)$/.exec(role)?.[1] : undefined;
    const handlerSetting = prop(app, f, "Handler");
    return [
      {
        logicalId: f.id,
        arn: localFunctionArn(f.id),
        entry,
        handler: typeof handler === "string" ? handler : "handler",
        environment,
        timeoutSeconds: Number(prop(app, f, "Timeout") ?? 3),
        memoryMb: Number(prop(app, f, "MemorySize") ?? 128),
        handlerSetting: typeof handlerSetting === "string" ? handlerSetting : "index.handler",
        ...(roleName ? { roleName } : {}),
      },
    ];
  });
}

/** HTTP API routes with the function each one's integration invokes. */
export function routesOf(app: LocalApp): RouteSpec[] {
  const integrations = new Map(
    resourcesOfType(app, "AWS::ApiGatewayV2::Integration").map((f) => [f.id, f]),
  );
  return resourcesOfType(app, "AWS::ApiGatewayV2::Route").map((f) => {
    const routeKey = str(app, f, "RouteKey");
    const [method = "", path = ""] = routeKey.split(" ");
    const target = str(app, f, "Target");
    const integrationId = target.replace(/^integrations\//, "");
    const integration = integrations.get(integrationId);
    if (!integration) {
      throw new UnresolvableError(`${f.stack.stackName}/${f.id}.Properties.Target: no ${target}`);
    }
    const auth = prop(app, f, "AuthorizationType") ?? "NONE";
    if (auth !== "JWT" && auth !== "NONE") {
      throw new UnresolvableError(
        `${f.stack.stackName}/${f.id}.Properties.AuthorizationType: ${String(auth)} is not supported locally`,
      );
    }
    return {
      logicalId: f.id,
      routeKey,
      method,
      path,
      auth,
      functionLogicalId: functionIdFromArn(str(app, integration, "IntegrationUri")),
    };
  });
}

/** State machines with their resolved ASL definitions. */
export function stateMachinesOf(app: LocalApp): StateMachineSpec[] {
  return resourcesOfType(app, "AWS::StepFunctions::StateMachine").map((f) => {
    const raw = f.resource.Properties?.DefinitionString ?? f.resource.Properties?.Definition;
    const definition = app.resolver.resolve(f.stack, f.id, "Properties.DefinitionString", raw);
    const roleArn = prop(app, f, "RoleArn");
    return {
      ...(typeof roleArn === "string" ? { roleArn } : {}),
      logicalId: f.id,
      name: f.id,
      arn: localStateMachineArn(f.id),
      definition: typeof definition === "string" ? definition : JSON.stringify(definition),
    };
  });
}

/** EventBridge rules with a schedule and their Lambda targets. */
export function schedulesOf(app: LocalApp): ScheduleSpec[] {
  return resourcesOfType(app, "AWS::Events::Rule").flatMap((f) => {
    const expression = prop(app, f, "ScheduleExpression");
    if (typeof expression !== "string") return [];
    const targets = (prop(app, f, "Targets") ?? []) as { Arn?: string }[];
    return [
      {
        logicalId: f.id,
        ruleArn: `arn:aws:events:ap-southeast-1:000000000000:rule/${f.id}`,
        expression,
        enabled: (prop(app, f, "State") ?? "ENABLED") === "ENABLED",
        functionLogicalIds: targets.map((t) => functionIdFromArn(String(t.Arn))),
      },
    ];
  });
}

/** The HTTP API's JWT authorizer (audience and issuer as resolved locally), if any. */
export function jwtAuthorizerOf(app: LocalApp): JwtAuthorizerSpec | undefined {
  const found = resourcesOfType(app, "AWS::ApiGatewayV2::Authorizer").filter(
    (f) => f.resource.Properties?.AuthorizerType === "JWT",
  );
  if (found.length > 1) {
    throw new UnresolvableError(`more than one JWT authorizer: ${found.map((f) => f.id).join()}`);
  }
  const [f] = found;
  if (!f) return undefined;
  const config = prop(app, f, "JwtConfiguration") as { Audience?: string[]; Issuer?: string };
  return { logicalId: f.id, audience: config.Audience ?? [], issuer: config.Issuer ?? "" };
}
