import type { Context, PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { cognitoMfaSettings } from "../../shared/access/adapters/cognito-mfa-settings.ts";
import { mfaClaimsFor } from "../../shared/access/use-cases/mfa-claim.ts";
import { pipeline } from "../../shared/http/middleware.ts";
import { observed } from "../../shared/observability.ts";

/**
 * The user pool's pre-token-generation trigger (V2, every sign-in and refresh): adds the MFA
 * claim (p8_mfa) to the ID token of a user in a privileged group (shared/access/domain/mfa.ts).
 */
export async function lambdaHandler(
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> {
  const claims = await mfaClaimsFor(
    cognitoMfaSettings,
    event.userPoolId,
    event.userName,
    event.request.groupConfiguration?.groupsToOverride ?? [],
  );
  event.response = {
    claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: claims } },
  };
  return event;
}

export const handler = observed(
  pipeline<PreTokenGenerationV2TriggerEvent, PreTokenGenerationV2TriggerEvent, Error, Context>(
    lambdaHandler,
  ),
);
