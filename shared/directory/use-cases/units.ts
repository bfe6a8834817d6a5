import { authorize, type ScopedActor } from "../../access/policy.ts";
import { listUnits, type Unit } from "../adapters/dynamo-directory.ts";

/** The units of the actor's province (communes with their reviewing unit), `units.read`. */
export async function unitsFor(actor: ScopedActor): Promise<Unit[]> {
  authorize(actor, "units.read");
  return listUnits(actor.provinceId);
}
