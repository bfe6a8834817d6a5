/** Where the commune's proposal pages and forms live. */
import type { Proposal } from "../../shared/proposals/domain/proposal.ts";

export const NEW_ACTION = "/app/proposals";
export const proposalPath = (id: string) => `/app/proposals/${encodeURIComponent(id)}`;
export const keepKey = (p?: Pick<Proposal, "id">) => (p ? `edit-${p.id}` : "new");
