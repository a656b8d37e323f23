import type { Activity } from '../ingest/activity';

/**
 * Purview scores Defender for Endpoint alerts through two indicators only: "Defense evasion –
 * attempt to bypass security controls" and "Unwanted software – unapproved or malicious software".
 * Defender labels each alert with a category (its MITRE tactic or a product category), so the
 * category decides first. Alert titles and MITRE techniques are a fallback for alerts that carry
 * no category or only a generic one, because older exports and some Graph alerts do.
 */
export type DefenderAlertClass = 'defenseEvasion' | 'unwantedSoftware';

// Categories compared with case and separators removed ("Defense Evasion", "DefenseEvasion",
// "defense_evasion" are one value). Malware is "malicious software" in the indicator's own label.
// Other tactics (credential access, lateral movement, ransomware …) describe an attack on the
// user's device rather than a choice the user made, so they are deliberately not scored here.
const CATEGORY_CLASS: ReadonlyMap<string, DefenderAlertClass> = new Map([
  ['defenseevasion', 'defenseEvasion'],
  ['unwantedsoftware', 'unwantedSoftware'],
  ['malware', 'unwantedSoftware'],
]);

// A category that says nothing about what happened; only then do title and techniques decide.
const GENERIC_CATEGORIES: ReadonlySet<string> = new Set(['', 'suspiciousactivity', 'unknown', 'general', 'none', 'other']);

const DEFENSE_EVASION_TITLE =
  /\b(?:defen[cs]e evasion|evasion|tamper\w*|bypass\w*|(?:disabl|stopp|uninstall|turn)\w*(?: off)?\b.{0,40}\b(?:antivirus|anti-virus|defender|security|protection|firewall|sensor|logging|audit\w*|edr)|clear\w* (?:the )?(?:event )?logs?|event log (?:was )?cleared)\b/i;
const UNWANTED_SOFTWARE_TITLE =
  /\b(?:unwanted (?:software|application|app)|potentially unwanted|pua|adware|unapproved (?:software|application|app)|malware|malicious (?:software|file|program)|hacktool|keygen|crack(?:ed)? software)\b/i;

// MITRE techniques that only ever mean evading defences: Impair Defenses, Indicator Removal,
// Hide Artifacts. Broader ones (masquerading, obfuscated files) also appear in ordinary malware.
const DEFENSE_EVASION_TECHNIQUES = /\b(?:T1562|T1070|T1564)(?:\.\d{3})?\b/i;

function normalisedCategory(category: string | undefined): string {
  return category === undefined ? '' : category.replace(/[^a-z]/gi, '').toLowerCase();
}

/**
 * Which of the two Defender indicators an alert activity belongs to, or undefined when it is
 * neither. Order: a specific category; else (no or generic category) title keywords, defence
 * evasion before unwanted software because tampering with protection is the stronger signal;
 * else MITRE techniques in `details.mitreTechniques`.
 */
export function defenderAlertClass(activity: Pick<Activity, 'category' | 'title' | 'details'>): DefenderAlertClass | undefined {
  const category = normalisedCategory(activity.category);
  const byCategory = CATEGORY_CLASS.get(category);
  if (byCategory !== undefined) return byCategory;
  if (!GENERIC_CATEGORIES.has(category)) return undefined;
  const title = activity.title ?? '';
  if (DEFENSE_EVASION_TITLE.test(title)) return 'defenseEvasion';
  if (UNWANTED_SOFTWARE_TITLE.test(title)) return 'unwantedSoftware';
  const techniques = activity.details?.mitreTechniques;
  if (typeof techniques === 'string' && DEFENSE_EVASION_TECHNIQUES.test(techniques)) return 'defenseEvasion';
  return undefined;
}
