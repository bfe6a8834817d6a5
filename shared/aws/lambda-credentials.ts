/**
 * Credentials inside a Lambda bundle, for the SDK clients still bundled (DynamoDB until it
 * moves to the shared transport). Lambda hands every function its role's credentials in
 * environment variables, so the bundles resolve the SDK's default credential chain
 * (`@aws-sdk/credential-provider-node`) to this module through an esbuild alias
 * (infra/constructs/bundling.ts). That leaves out the SSO, STS, INI, process and web-identity
 * providers (about 90 kB per bundle) and shortens every cold start. It reads the variables
 * `@aws-sdk/credential-provider-env` reads, without importing it (it brings @smithy/core's
 * config module along). Local runs are not bundled and keep the SDK's own chain.
 */
export interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

/** Named and flagged like the SDK's, so its credential chain reads the failure as it did. */
class CredentialsProviderError extends Error {
  override name = "CredentialsProviderError";
  readonly tryNextLink = true;
}

export const defaultProvider =
  (_init: unknown = {}) =>
  async (): Promise<EnvCredentials> => {
    const e = process.env;
    if (!e.AWS_ACCESS_KEY_ID || !e.AWS_SECRET_ACCESS_KEY) {
      throw new CredentialsProviderError("Unable to find environment variable credentials.");
    }
    return {
      accessKeyId: e.AWS_ACCESS_KEY_ID,
      secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
      ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
      ...(e.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(e.AWS_CREDENTIAL_EXPIRATION) } : {}),
      ...(e.AWS_CREDENTIAL_SCOPE ? { credentialScope: e.AWS_CREDENTIAL_SCOPE } : {}),
      ...(e.AWS_ACCOUNT_ID ? { accountId: e.AWS_ACCOUNT_ID } : {}),
    };
  };
