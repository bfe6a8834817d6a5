import { type CfnResource, LOCAL_ACCOUNT, LOCAL_REGION, type StackTemplate } from "./types.ts";

/** Thrown when a template value uses something the local stack cannot give a local value. */
export class UnresolvableError extends Error {
  override name = "UnresolvableError";
}

/** Marker for `Ref: AWS::NoValue`: the property is removed, as CloudFormation does. */
const NO_VALUE = Symbol("AWS::NoValue");

export interface Resolver {
  /**
   * Resolves the intrinsics in `value`, a property of `resource` in `stack`, to plain JSON.
   * `path` names the property in error messages (e.g. "Properties.Environment").
   */
  resolve(stack: StackTemplate, resource: string, path: string, value: unknown): unknown;
  /** The local physical ARN of a Lambda function declared as `logicalId`. */
  functionArn(logicalId: string): string;
}

/** Local ARN of a Lambda function: the function name is its logical id. */
export function localFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

/** Local ARN of a state machine: its name is its logical id. */
export function localStateMachineArn(logicalId: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
}

/** Local ARN of a DynamoDB table: its name is its logical id. */
export function localTableArn(logicalId: string): string {
  return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${logicalId}`;
}

/**
 * A bucket without a BucketName: CloudFormation would generate one; locally it is the logical
 * id in lower case (bucket names allow no capitals).
 */
export function localBucketName(logicalId: string): string {
  return logicalId.toLowerCase().slice(0, 63);
}

/** The property a resource's Ref returns, where that is not its (local) physical id. */
const REF_PROPERTY: Readonly<Record<string, string>> = {
  "AWS::SES::EmailIdentity": "EmailIdentity",
  "AWS::SES::ConfigurationSet": "Name",
  "AWS::KMS::Alias": "AliasName",
  "AWS::S3::Bucket": "BucketName",
};

const PSEUDO: Record<string, string> = {
  "AWS::Region": LOCAL_REGION,
  "AWS::AccountId": LOCAL_ACCOUNT,
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
};

/**
 * A resolver over all stacks of the app, so that `Fn::ImportValue` finds the exporting stack's
 * Output. Physical names are local: a table, function, user pool, user pool client or key is
 * named by its logical id.
 */
export function createResolver(stacks: readonly StackTemplate[]): Resolver {
  let exportsByName: Map<string, { stack: StackTemplate; output: string; value: unknown }> | null =
    null;

  function exportsIndex() {
    if (exportsByName) return exportsByName;
    const index = new Map<string, { stack: StackTemplate; output: string; value: unknown }>();
    for (const stack of stacks) {
      for (const [outputId, output] of Object.entries(stack.template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const name = resolveIn(stack, `Outputs.${outputId}`, "Export.Name", output.Export.Name);
        if (typeof name !== "string") {
          throw new UnresolvableError(
            `${stack.stackName}/Outputs.${outputId}: export name does not resolve to a string`,
          );
        }
        index.set(name, { stack, output: outputId, value: output.Value });
      }
    }
    exportsByName = index;
    return index;
  }

  function resourceOf(stack: StackTemplate, logicalId: string, where: string): CfnResource {
    const resource = stack.template.Resources[logicalId];
    if (!resource) {
      throw new UnresolvableError(`${where}: no resource "${logicalId}" in ${stack.stackName}`);
    }
    return resource;
  }

  function ref(stack: StackTemplate, name: string, where: string): unknown {
    if (name === "AWS::NoValue") return NO_VALUE;
    if (name === "AWS::StackName") return stack.stackName;
    if (name === "AWS::StackId") {
      return `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${stack.stackName}/local`;
    }
    const pseudo = PSEUDO[name];
    if (pseudo !== undefined) return pseudo;
    const parameter = stack.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new UnresolvableError(`${where}: parameter "${name}" has no default`);
      }
      return parameter.Default;
    }
    const resource = resourceOf(stack, name, where);
    if (resource.Type === "AWS::StepFunctions::StateMachine") return localStateMachineArn(name);
    const named = namedByProperty(stack, name, resource, where);
    if (named !== undefined) return named;
    // Tables, functions, user pools, clients, keys: the local physical name is the logical id.
    return name;
  }

  /**
   * Resources whose Ref is a name they declare (as CloudFormation returns it): an SES identity
   * its address or domain, a configuration set and a bucket their names, an alias its name.
   */
  function namedByProperty(
    stack: StackTemplate,
    logicalId: string,
    resource: CfnResource,
    where: string,
  ): string | undefined {
    const property = REF_PROPERTY[resource.Type];
    if (!property) return undefined;
    const value = walk(stack, `${where}→${logicalId}.${property}`, resource.Properties?.[property]);
    if (typeof value === "string" && value !== "") return value;
    if (resource.Type === "AWS::S3::Bucket") return localBucketName(logicalId);
    if (resource.Type === "AWS::SES::ConfigurationSet") return logicalId;
    throw new UnresolvableError(`${where}: ${logicalId}.${property} does not resolve to a string`);
  }

  function getAtt(stack: StackTemplate, logicalId: string, attribute: string, where: string) {
    const resource = resourceOf(stack, logicalId, where);
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case "AWS::Lambda::Function.Arn":
        return localFunctionArn(logicalId);
      case "AWS::DynamoDB::Table.Arn":
      case "AWS::DynamoDB::GlobalTable.Arn":
        return localTableArn(logicalId);
      case "AWS::DynamoDB::Table.StreamArn":
      case "AWS::DynamoDB::GlobalTable.StreamArn":
        return `${localTableArn(logicalId)}/stream/local`;
      case "AWS::StepFunctions::StateMachine.Arn":
        return localStateMachineArn(logicalId);
      case "AWS::StepFunctions::StateMachine.Name":
        return logicalId;
      case "AWS::Cognito::UserPool.Arn":
        return `arn:aws:cognito-idp:${LOCAL_REGION}:${LOCAL_ACCOUNT}:userpool/${logicalId}`;
      case "AWS::Cognito::UserPool.ProviderName":
      case "AWS::Cognito::UserPool.ProviderURL":
        return `cognito-idp.${LOCAL_REGION}.amazonaws.com/${logicalId}`;
      case "AWS::KMS::Key.Arn":
        return `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${logicalId}`;
      case "AWS::KMS::Key.KeyId":
        return logicalId;
      case "AWS::S3::Bucket.Arn":
        return `arn:aws:s3:::${ref(stack, logicalId, where)}`;
      case "AWS::S3::Bucket.DomainName":
        return `${ref(stack, logicalId, where)}.s3.amazonaws.com`;
      case "AWS::S3::Bucket.RegionalDomainName":
        return `${ref(stack, logicalId, where)}.s3.${LOCAL_REGION}.amazonaws.com`;
      case "AWS::IAM::Role.Arn":
        return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${logicalId}`;
      case "AWS::Logs::LogGroup.Arn":
        return `arn:aws:logs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:log-group:${logicalId}:*`;
      case "AWS::ApiGatewayV2::Api.ApiEndpoint":
        // Replaced by the local HTTP server's URL wherever it matters (APP_BASE_URL).
        return `https://${logicalId}.execute-api.${LOCAL_REGION}.amazonaws.com`;
      case "AWS::ApiGatewayV2::Api.ApiId":
        return logicalId;
      case "AWS::Events::Rule.Arn":
        return `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${logicalId}`;
      default:
        throw new UnresolvableError(
          `${where}: Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) has no local value`,
        );
    }
  }

  function asString(value: unknown, what: string, where: string): string {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw new UnresolvableError(`${where}: ${what} must resolve to a string`);
  }

  function sub(stack: StackTemplate, where: string, arg: unknown): string {
    const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof text !== "string") throw new UnresolvableError(`${where}: Fn::Sub needs a string`);
    const variables =
      typeof vars === "object" && vars !== null ? (vars as Record<string, unknown>) : {};
    return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (name.startsWith("!")) return `\${${name.slice(1)}}`;
      if (name in variables) {
        return asString(walk(stack, where, variables[name]), `Fn::Sub \${${name}}`, where);
      }
      const dot = name.indexOf(".");
      if (dot > 0 && !name.startsWith("AWS::")) {
        return asString(
          getAtt(stack, name.slice(0, dot), name.slice(dot + 1), where),
          `Fn::Sub \${${name}}`,
          where,
        );
      }
      return asString(ref(stack, name, where), `Fn::Sub \${${name}}`, where);
    });
  }

  function intrinsic(stack: StackTemplate, where: string, fn: string, arg: unknown): unknown {
    const r = (v: unknown) => walk(stack, where, v);
    switch (fn) {
      case "Ref":
        return ref(stack, asString(arg, "Ref", where), where);
      case "Fn::GetAtt": {
        const parts = typeof arg === "string" ? arg.split(".") : (r(arg) as unknown[]);
        const [id, ...attr] = parts;
        return getAtt(stack, asString(id, "Fn::GetAtt", where), attr.join("."), where);
      }
      case "Fn::Join": {
        const [delimiter, list] = arg as [unknown, unknown];
        const items = r(list);
        if (!Array.isArray(items)) throw new UnresolvableError(`${where}: Fn::Join needs a list`);
        return items
          .filter((item) => item !== NO_VALUE)
          .map((item) => asString(item, "Fn::Join item", where))
          .join(asString(delimiter, "Fn::Join delimiter", where));
      }
      case "Fn::Sub":
        return sub(stack, where, arg);
      case "Fn::Select": {
        const [index, list] = arg as [unknown, unknown];
        const items = r(list);
        const i = Number(r(index));
        if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length) {
          throw new UnresolvableError(`${where}: Fn::Select index ${i} out of range`);
        }
        return items[i];
      }
      case "Fn::Split": {
        const [delimiter, text] = arg as [unknown, unknown];
        return asString(r(text), "Fn::Split source", where).split(
          asString(delimiter, "Fn::Split delimiter", where),
        );
      }
      case "Fn::ImportValue": {
        const name = asString(r(arg), "Fn::ImportValue name", where);
        const exported = exportsIndex().get(name);
        if (!exported) throw new UnresolvableError(`${where}: no stack exports "${name}"`);
        return resolveIn(exported.stack, `Outputs.${exported.output}`, "Value", exported.value);
      }
      case "Fn::Base64":
        return Buffer.from(asString(r(arg), "Fn::Base64", where)).toString("base64");
      default:
        throw new UnresolvableError(`${where}: intrinsic ${fn} is not supported locally`);
    }
  }

  function resolveIn(stack: StackTemplate, resource: string, path: string, value: unknown) {
    const where = `${stack.stackName}/${resource}${path ? `.${path}` : ""}`;
    return walk(stack, where, value);
  }

  function walk(stack: StackTemplate, where: string, value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((v, i) => walk(stack, `${where}[${i}]`, v)).filter((v) => v !== NO_VALUE);
    }
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === "Ref" || first[0].startsWith("Fn::"))) {
      return intrinsic(stack, where, first[0], first[1]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = walk(stack, `${where}.${k}`, v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  return {
    resolve(stack, resource, path, value) {
      const resolved = resolveIn(stack, resource, path, value);
      return resolved === NO_VALUE ? undefined : resolved;
    },
    functionArn: localFunctionArn,
  };
}
