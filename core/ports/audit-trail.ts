import type { StoreTransaction } from './store';

/**
 * How services record what they changed in the audit log, inside the unit of work that makes the
 * change (so a change is never stored without its entry, nor an entry without its change).
 * Implemented by core/audit's hash-chained log; services depend on this shape only.
 */
export interface AuditRecord {
  readonly category: 'Policies' | 'Cases' | 'Alerts' | 'Settings' | 'Users' | 'Notice templates' | 'Flows';
  /** What happened, as an auditor reads it: `Confirmed alert`, `Edited settings`, `Permission denied`. */
  readonly activity: string;
  readonly actor: { readonly id: string; readonly name?: string };
  readonly target?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type RecordAudit = (tx: StoreTransaction, record: AuditRecord) => Promise<void>;
