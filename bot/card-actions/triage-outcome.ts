import type { TriageOutcome } from '../../core/alerts/triage';
import type { Alert } from '../../core/alerts/alert';

/** What the clicking analyst sees after a decision: theirs, or the one that beat them to it. */
export function afterTriage(outcome: TriageOutcome): { alert: Alert; notice?: string } {
  switch (outcome.kind) {
    case 'confirmed':
      return { alert: outcome.alert, notice: outcome.caseCreated ? `Case ${outcome.case.id} created.` : `Added to case ${outcome.case.id}.` };
    case 'dismissed':
      return { alert: outcome.alert };
    case 'alreadyTriaged': {
      const t = outcome.alert.triage;
      return { alert: outcome.alert, notice: `Nothing changed: this alert was already ${outcome.alert.status.toLowerCase()}${t === undefined ? '' : ` by ${t.by}`}.` };
    }
  }
}
