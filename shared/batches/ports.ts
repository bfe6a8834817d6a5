/** What the batches capability needs from storage. DynamoDB and in-memory adapters implement it. */
import type { AuditEvent } from "../audit/domain/chain.ts";
import type { TransitionContext } from "../proposals/domain/proposal.ts";
import type { PageRequest } from "../proposals/ports.ts";
import type { Batch, BatchChange } from "./domain/batch.ts";

export interface BatchPage {
  batches: Batch[];
  cursor?: string;
}

export interface BatchStore {
  newId(): string;
  /** A strongly consistent read. */
  find(id: string): Promise<Batch | undefined>;
  /**
   * Writes a change and its audit event (stream BA#<id>) atomically, conditioned on the version
   * read (or on absence for a new batch). A lost race is a StaleVersionError.
   */
  save(before: Batch | null, change: BatchChange, tx: TransitionContext): Promise<Batch>;
  /** The batch's own events (created, submitted, decided at once), in order. */
  history(id: string): Promise<AuditEvent[]>;
  /** A commune's batches, newest first. */
  ofCommune(communeId: string, page: PageRequest): Promise<BatchPage>;
}
