import { authorize, type ScopedActor } from "../../access/policy.ts";
import type { Directory, Unit } from "../ports.ts";

/** The units of the actor's province (communes with their reviewing unit), `units.read`. */
export async function unitsFor(
  ports: { directory: Pick<Directory, "listUnits"> },
  actor: ScopedActor,
): Promise<Unit[]> {
  authorize(actor, "units.read");
  return ports.directory.listUnits(actor.provinceId);
}
