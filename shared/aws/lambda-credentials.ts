/**
 * Credentials inside a Lambda bundle. Lambda hands every function its role's credentials in
 * environment variables, so the bundles resolve the SDK's default credential chain
 * (`@aws-sdk/credential-provider-node`) to this module through an esbuild alias
 * (infra/constructs/bundling.ts). That leaves out the SSO, STS, INI, process and web-identity
 * providers (about 90 kB per bundle) and shortens every cold start. Local runs are not bundled
 * and keep the SDK's own chain.
 */
import { type FromEnvInit, fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);
