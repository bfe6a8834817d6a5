/** What the registry's use cases share: the ports, an entry's scope, loading with a check. */
import {
  type Action,
  authorize,
  type ResourceScope,
  type ScopedActor,
} from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import {
  NotFoundError,
  PreconditionRequiredError,
  StaleVersionError,
} from "../../kernel/errors.ts";
import type { PersonalDataCipher, PseudonymKey } from "../../privacy/ports.ts";
import type { Beneficiary } from "../domain/beneficiary.ts";
import type { RegistryStore } from "../ports.ts";

export interface RegistryPorts {
  registry: RegistryStore;
  directory: Pick<Directory, "commune" | "findUnit">;
}

export interface SealingPorts extends RegistryPorts {
  cipher: Pick<PersonalDataCipher, "seal">;
  pseudonyms: PseudonymKey;
}

/**
 * Where an entry lives for the access policy: its commune and province, and the unit that
 * reviews that commune now (routing is data: read from the directory, not copied on the entry).
 */
export async function scopeOfEntry(
  directory: Pick<Directory, "findUnit">,
  b: Pick<Beneficiary, "communeId" | "provinceId">,
): Promise<ResourceScope> {
  const commune = await directory.findUnit(b.communeId);
  return {
    communeId: b.communeId,
    provinceId: b.provinceId,
    reviewUnitId: commune?.reviewUnitId ?? "",
  };
}

/** Loads an entry and checks that the actor may do `action` on it (403 names the action). */
export async function loadEntry(
  ports: RegistryPorts,
  actor: ScopedActor,
  id: string,
  action: Action,
): Promise<Beneficiary> {
  const b = await ports.registry.find(id);
  if (!b) throw new NotFoundError(`registry entry ${id} does not exist`);
  authorize(actor, action, await scopeOfEntry(ports.directory, b));
  return b;
}

export function checkVersion(b: Beneficiary, expected: number | undefined): void {
  if (expected === undefined) {
    throw new PreconditionRequiredError(
      `send If-Match: "${b.version}" (or "version" in the body) to change registry entry ${b.id}`,
    );
  }
  if (expected !== b.version) {
    throw new StaleVersionError(
      `registry entry ${b.id} is at version ${b.version}, not ${expected}; reload and retry`,
      b.version,
    );
  }
}
