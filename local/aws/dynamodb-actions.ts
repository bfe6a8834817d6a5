/**
 * What DynamoDB authorizes for one API call ("Actions, resources, and condition keys for
 * Amazon DynamoDB"; "Using IAM policy conditions for fine-grained access control"):
 * - item and table operations: `dynamodb:<Operation>` on the table ARN, or on
 *   `table/<t>/index/<i>` for a Query or Scan with IndexName;
 * - TransactWriteItems: each element on its own table — Put → PutItem, Update → UpdateItem,
 *   Delete → DeleteItem, ConditionCheck → ConditionCheckItem (there is no TransactWriteItems
 *   action); TransactGetItems: GetItem per element;
 * - BatchGetItem / BatchWriteItem: the batch action on each table named in RequestItems;
 * - ListTables and other account-level calls: resource `*`.
 * The condition keys set per element: `dynamodb:Attributes` (the attribute names a Put writes),
 * `dynamodb:ReturnValues`, `dynamodb:Select`, `dynamodb:ReturnConsumedCapacity`.
 */
import type { AuthorizationRequest } from "../iam/evaluate.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../template/types.ts";

type Body = Record<string, unknown>;

const tableArn = (name: string) =>
  name.startsWith("arn:")
    ? name
    : `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Body | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Body) : undefined;

function context(body: Body, element?: Body): AuthorizationRequest["context"] {
  const ctx: Record<string, string | string[]> = {};
  const item = obj(element?.Item ?? body.Item);
  if (item) ctx["dynamodb:Attributes"] = Object.keys(item);
  for (const key of ["ReturnValues", "Select", "ReturnConsumedCapacity"] as const) {
    const v = str(element?.[key] ?? body[key]);
    if (v) ctx[`dynamodb:${key}`] = v;
  }
  return ctx;
}

const TRANSACT_WRITE: Record<string, string> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

/**
 * The authorization requests of one call, in the order DynamoDB checks them (a transaction's
 * elements in order), so that the first refused one is the one AWS names.
 */
export function dynamoDbAuthorizations(operation: string, body: Body): AuthorizationRequest[] {
  if (operation === "TransactWriteItems") {
    const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
    return items.flatMap((raw) => {
      const element = obj(raw) ?? {};
      return Object.entries(element).flatMap(([kind, spec]) => {
        const action = TRANSACT_WRITE[kind];
        const table = str(obj(spec)?.TableName);
        if (!action || !table) return [];
        return [{ action, resource: tableArn(table), context: context(body, obj(spec)) }];
      });
    });
  }
  if (operation === "TransactGetItems") {
    const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
    return items.flatMap((raw) => {
      const get = obj(obj(raw)?.Get);
      const table = str(get?.TableName);
      return table
        ? [{ action: "dynamodb:GetItem", resource: tableArn(table), context: context(body, get) }]
        : [];
    });
  }
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    return Object.keys(obj(body.RequestItems) ?? {}).map((table) => ({
      action: `dynamodb:${operation}`,
      resource: tableArn(table),
      context: context(body),
    }));
  }
  const table = str(body.TableName) ?? str(body.TableArn) ?? str(body.ResourceArn);
  if (!table) return [{ action: `dynamodb:${operation}`, resource: "*", context: context(body) }];
  const index = str(body.IndexName);
  const resource =
    index && (operation === "Query" || operation === "Scan")
      ? `${tableArn(table)}/index/${index}`
      : tableArn(table);
  return [{ action: `dynamodb:${operation}`, resource, context: context(body) }];
}
