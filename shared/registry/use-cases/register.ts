import { authorize, type ScopedActor } from "../../access/policy.ts";
import { ValidationError } from "../../kernel/errors.ts";
import { localDateOf } from "../../norms/domain/dates.ts";
import type { PersonalDataCipher, PseudonymKey, SealBinding } from "../../privacy/ports.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { Beneficiary, Details, RegistryKind } from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { checkDuplicates } from "../domain/duplicates.ts";
import { nameKeyOf } from "../domain/names.ts";
import { checkDetails } from "../domain/validate.ts";
import type { RegistryStore } from "../ports.ts";
import type { CreateBeneficiary, UpdateBeneficiary } from "../schemas.ts";
import { checkVersion, loadEntry, type SealingPorts } from "./common.ts";

type EntryInput = CreateBeneficiary | UpdateBeneficiary;

/**
 * An entry's sealed data opens only on that entry: the cipher binds a record to an id and a
 * field (KMS encryption context, GCM additional data). The binding's `proposalId` names the
 * record that holds the data; for the registry, the entry (ids never collide: `BN-…`).
 */
export const sealBindingOf = (entryId: string): SealBinding => ({
  proposalId: entryId,
  field: "personal",
});

/**
 * The details as stored: personal data sealed (the host's name, a survivor's data). A field of
 * personal data left out of an edit keeps what is sealed (it is never sent back to clients
 * that may not read it, so they could not resend it).
 */
export async function detailsOf(
  input: EntryInput,
  previous: Details | undefined,
  cipher: Pick<PersonalDataCipher, "seal">,
  entryId: string,
): Promise<Details> {
  switch (input.kind) {
    case "SAVINGS_GROUP":
      return {
        village: input.village,
        foundedOn: input.foundedOn,
        status: input.status ?? previous?.status ?? "active",
        ...(input.statusSince ? { statusSince: input.statusSince } : {}),
        ...(input.facilitator ? { facilitator: input.facilitator } : {}),
        ...(input.galsSince ? { galsSince: input.galsSince } : {}),
      };
    case "TRUSTED_ADDRESS": {
      const host = input.hostName
        ? await cipher.seal({ fullName: input.hostName }, sealBindingOf(entryId))
        : previous && "origin" in previous
          ? previous.host
          : undefined;
      return {
        ...(input.village ? { village: input.village } : {}),
        origin: input.origin,
        since: input.since,
        status: input.status ?? previous?.status ?? "active",
        ...(host ? { host } : {}),
      };
    }
    case "SURVIVOR_CASE": {
      const personal = input.personal
        ? await cipher.seal(input.personal, sealBindingOf(entryId))
        : previous && "listedOn" in previous
          ? previous.personal
          : undefined;
      return {
        listedOn: input.listedOn,
        needs: [...new Set(input.needs)],
        status: input.status ?? previous?.status ?? "active",
        ...(personal ? { personal } : {}),
      };
    }
    default:
      return {
        leadership: input.leadership,
        memberCounts: input.memberCounts,
        products: input.products,
        ...(input.village ? { village: input.village } : {}),
        ...(input.foundedOn ? { foundedOn: input.foundedOn } : {}),
        status: input.status ?? previous?.status ?? "active",
      };
  }
}

/**
 * The display name and duplicate key. A survivor case has no name of its own: it shows its
 * pseudonym, and its key is a keyed hash (the pseudonym key) of the commune and the normalized
 * full name, so that the same woman listed twice is caught without her name being indexed.
 */
export async function identityOf(
  input: EntryInput,
  id: string,
  communeId: string,
  pseudonyms: PseudonymKey,
  previous?: Beneficiary,
): Promise<{ name: string; nameKey: string; pseudonym?: string }> {
  if (input.kind !== "SURVIVOR_CASE") {
    const nameKey = nameKeyOf(input.name);
    if (nameKey === "") {
      throw new ValidationError("the name needs at least one letter or digit", [
        { field: "name", message: "no letter or digit" },
      ]);
    }
    return { name: input.name, nameKey };
  }
  const pseudonym = previous?.pseudonym ?? (await pseudonyms.pseudonymOf(id));
  const fullName = input.personal?.fullName;
  const blind = fullName
    ? await pseudonyms.pseudonymOf(`name:${communeId}:${nameKeyOf(fullName)}`)
    : undefined;
  return {
    name: pseudonym ?? `Hồ sơ ${id}`,
    nameKey: blind ? blind.toLowerCase().replace(/[^a-z0-9]/g, "") : (previous?.nameKey ?? ""),
    ...(pseudonym ? { pseudonym } : {}),
  };
}

/** Likely duplicates in the commune, unless the officer reviewed them (then they are returned). */
export async function duplicatesOf(
  registry: Pick<RegistryStore, "sameName">,
  communeId: string,
  kind: RegistryKind,
  nameKey: string,
  reviewed: readonly string[] | undefined,
  self?: string,
): Promise<string[]> {
  if (nameKey === "") return [];
  return checkDuplicates(await registry.sameName(communeId, kind, nameKey), reviewed, self);
}

/**
 * Registers a beneficiary in a commune.
 * 1. resolve the commune and authorize `registry.edit` there;
 * 2. seal personal data; name and duplicate key (a case's pseudonym and keyed name hash);
 * 3. warn (409 listing them) of entries of the same commune and kind with the same key, unless
 *    the officer names them in `duplicatesReviewed`: then register and queue for the province;
 * 4. write the entry, its audit event and the flag atomically.
 */
export async function registerBeneficiary(
  ports: SealingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  input: CreateBeneficiary,
): Promise<Beneficiary> {
  const commune = await ports.directory.commune(input.communeId);
  authorize(actor, "registry.edit", {
    communeId: commune.id,
    reviewUnitId: commune.reviewUnitId,
    provinceId: commune.provinceId,
  });
  const id = ports.registry.newId();
  const details = await detailsOf(input, undefined, ports.cipher, id);
  checkDetails({ kind: input.kind, details } as Beneficiary, localDateOf(tx.at));
  const identity = await identityOf(input, id, commune.id, ports.pseudonyms);
  const duplicateOf = await duplicatesOf(
    ports.registry,
    commune.id,
    input.kind,
    identity.nameKey,
    input.duplicatesReviewed,
  );
  const change = changes.register(
    {
      id,
      kind: input.kind,
      communeId: commune.id,
      provinceId: commune.provinceId,
      ...identity,
      details,
      duplicateOf,
    },
    tx,
  );
  return (await ports.registry.save(null, change, tx)).entry;
}

/**
 * Edits an entry (version-checked; the kind never changes: register the other kind and merge).
 * A rename that meets another entry's key warns like a registration.
 */
export async function updateBeneficiary(
  ports: SealingPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  id: string,
  expected: number | undefined,
  input: UpdateBeneficiary,
): Promise<Beneficiary> {
  const b = await loadEntry(ports, actor, id, "registry.edit");
  checkVersion(b, expected);
  if (input.kind !== b.kind) {
    throw new ValidationError(
      `the kind of ${b.id} is ${b.kind}: it cannot change; register the entry as ${input.kind} and ask the province to merge`,
      [{ field: "kind", message: `must be ${b.kind}` }],
    );
  }
  const details = await detailsOf(input, b.details, ports.cipher, b.id);
  checkDetails({ kind: b.kind, details } as Beneficiary, localDateOf(tx.at));
  const identity = await identityOf(input, b.id, b.communeId, ports.pseudonyms, b);
  const duplicateOf =
    identity.nameKey !== b.nameKey
      ? await duplicatesOf(
          ports.registry,
          b.communeId,
          b.kind,
          identity.nameKey,
          input.duplicatesReviewed,
          b.id,
        )
      : [];
  const change = changes.edit(b, { name: identity.name, nameKey: identity.nameKey, details }, tx);
  if (duplicateOf.length > 0) {
    // Renamed onto another entry's name, knowingly: the province reviews it like a registration.
    change.next = { ...change.next, duplicateOf };
    change.flag = {
      provinceId: b.provinceId,
      entryId: b.id,
      communeId: b.communeId,
      kind: b.kind,
      candidates: duplicateOf,
      createdAt: tx.at,
    };
  }
  return (await ports.registry.save(b, change, tx)).entry;
}
