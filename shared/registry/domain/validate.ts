/** Rules across fields of an entry's details, beyond what each field's schema checks. */
import { type FieldError, ValidationError } from "../../kernel/errors.ts";
import type { Beneficiary } from "./beneficiary.ts";

/** Refuses dates in the wrong order, dates after `today` (local), and repeated count rows. */
export function checkDetails(b: Beneficiary, today: string): void {
  const errors: FieldError[] = [];
  const notFuture = (field: string, date: string | undefined) => {
    if (date && date > today) errors.push({ field, message: "must not be after today" });
  };
  const notBefore = (field: string, date: string | undefined, start: string | undefined) => {
    if (date && start && date < start)
      errors.push({ field, message: "must not be before foundedOn" });
  };
  switch (b.kind) {
    case "SAVINGS_GROUP": {
      const d = b.details;
      notFuture("foundedOn", d.foundedOn);
      notFuture("galsSince", d.galsSince);
      notFuture("statusSince", d.statusSince);
      notBefore("galsSince", d.galsSince, d.foundedOn);
      notBefore("statusSince", d.statusSince, d.foundedOn);
      break;
    }
    case "TRUSTED_ADDRESS":
      notFuture("since", b.details.since);
      break;
    case "SURVIVOR_CASE":
      notFuture("listedOn", b.details.listedOn);
      break;
    default: {
      const d = b.details;
      notFuture("foundedOn", d.foundedOn);
      const seen = new Set<string>();
      d.memberCounts.forEach((c, i) => {
        const key = `${c.gender}#${c.ethnicity.toLowerCase()}`;
        if (seen.has(key))
          errors.push({
            field: `memberCounts.${i}`,
            message: "this gender and ethnicity is counted twice",
          });
        seen.add(key);
      });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid entry: ${errors[0]?.field}: ${errors[0]?.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`,
      errors,
    );
  }
}
