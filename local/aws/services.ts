import path from "node:path";
import type { MailStore } from "../mail/store.ts";
import type { LocalApp } from "../template/accessors.ts";
import { bucketsOf, kmsKeysOf, sesOf, userPoolsOf } from "../template/services.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../template/types.ts";
import type { Authorize } from "./authorize.ts";
import { LocalUserPool } from "./cognito/pool.ts";
import { startLocalCognito } from "./cognito/server.ts";
import { keyRing, loadKeys } from "./kms/keys.ts";
import { startLocalKms } from "./kms/server.ts";
import { startS3Gateway } from "./s3/gateway.ts";
import { startS3rver } from "./s3/s3rver.ts";
import { startLocalSes } from "./ses/server.ts";

export interface LocalAwsServicesOptions {
  app: LocalApp;
  dataDir: string;
  /** 0 picks a free port. */
  ports: { kms: number; ses: number; s3: number; cognito: number };
  /** Where SES delivers: the local inbox. */
  mail: MailStore;
  /** Authenticates each call and evaluates the caller's policies. */
  authorize: Authorize;
  /** The local HTTP server's origin, which stands in for the deployed API's in CORS rules. */
  appOrigin: string;
}

export interface LocalAwsServices {
  ports: { kms: number; ses: number; s3: number; cognito: number };
  urls: { kms: string; ses: string; s3: string; cognito: string };
  /** The SDK endpoint overrides that send functions' calls here. */
  endpoints: Record<
    | "AWS_ENDPOINT_URL_KMS"
    | "AWS_ENDPOINT_URL_SESV2"
    | "AWS_ENDPOINT_URL_S3"
    | "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    string
  >;
  /** One line per service for `npm start`. */
  lines(): string[];
  stop(): Promise<void>;
}

/** The deployed HTTP API's origin as the template resolver names it (`https://<id>.execute-api…`). */
function apiOrigins(app: LocalApp): string[] {
  const origins: string[] = [];
  for (const stack of app.stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources)) {
      if (r.Type !== "AWS::ApiGatewayV2::Api") continue;
      const endpoint = app.resolver.resolve(stack, id, "ApiEndpoint", {
        "Fn::GetAtt": [id, "ApiEndpoint"],
      });
      if (typeof endpoint === "string") origins.push(endpoint);
    }
  }
  return origins;
}

/**
 * The local stand-ins for KMS, SES v2 and S3, each on 127.0.0.1 and speaking its AWS protocol,
 * with what the template declares: keys (material under `<dataDir>/keys/kms/`), identities and
 * configuration sets, buckets (objects under `<dataDir>/s3/`). Every call goes through
 * `authorize`.
 */
export async function startLocalAwsServices(
  opts: LocalAwsServicesOptions,
): Promise<LocalAwsServices> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const keys = await loadKeys(path.join(opts.dataDir, "keys", "kms"), kmsKeysOf(opts.app));
    const kms = await startLocalKms({
      port: opts.ports.kms,
      keys: keyRing(keys, LOCAL_REGION, LOCAL_ACCOUNT),
      authorize: opts.authorize,
    });
    stops.push(kms.stop);
    const declarations = sesOf(opts.app);
    const ses = await startLocalSes({
      port: opts.ports.ses,
      declarations,
      mail: opts.mail,
      authorize: opts.authorize,
    });
    stops.push(ses.stop);
    const buckets = bucketsOf(opts.app);
    const s3rver = await startS3rver(
      path.join(opts.dataDir, "s3"),
      buckets.map((b) => b.name),
    );
    stops.push(s3rver.stop);
    const s3 = await startS3Gateway({
      port: opts.ports.s3,
      upstream: s3rver.url,
      buckets,
      authorize: opts.authorize,
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      originAliases: Object.fromEntries(apiOrigins(opts.app).map((o) => [o, opts.appOrigin])),
    });
    stops.push(s3.stop);
    const userPools = userPoolsOf(opts.app);
    const cognito = await startLocalCognito({
      port: opts.ports.cognito,
      pool: new LocalUserPool(opts.dataDir),
      userPoolIds: userPools,
      authorize: opts.authorize,
    });
    stops.push(cognito.stop);
    return {
      ports: { kms: kms.port, ses: ses.port, s3: s3.port, cognito: cognito.port },
      urls: { kms: kms.url, ses: ses.url, s3: s3.url, cognito: cognito.url },
      endpoints: {
        AWS_ENDPOINT_URL_KMS: kms.url,
        AWS_ENDPOINT_URL_SESV2: ses.url,
        AWS_ENDPOINT_URL_S3: s3.url,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
      },
      lines: () => [
        `KMS (local, AWS JSON 1.1)          ${kms.url}   keys: ${keys.map((k) => `${k.keyId} (${k.keySpec})`).join(", ") || "none declared"}`,
        `SES v2 (local, into the inbox)     ${ses.url}   identities: ${declarations.identities.join(", ") || "none declared"}`,
        `Cognito user pool (local admin API) ${cognito.url}   pools: ${userPools.join(", ") || "none declared"}; accounts: ${path.join(opts.dataDir, "cognito", "users.json")}`,
        `S3 (local, s3rver)                 ${s3.url}   buckets: ${buckets.map((b) => b.name).join(", ") || "none declared"}; data: ${path.join(opts.dataDir, "s3")}`,
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
