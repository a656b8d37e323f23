import { defenderAlertClass } from '../../../core/scoring/defender-alert-class';

describe('defenderAlertClass', () => {
  it('decides by category first, in any spelling', () => {
    expect(defenderAlertClass({ category: 'DefenseEvasion', title: 'Suspicious antivirus exclusion' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ category: 'Defense Evasion' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ category: 'defense_evasion' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ category: 'UnwantedSoftware', title: 'PUA detected' })).toBe('unwantedSoftware');
    expect(defenderAlertClass({ category: 'Malware', title: "'Mimikatz' hacktool was detected" })).toBe('unwantedSoftware');
  });

  it('does not score attacks on the user (other specific categories), even with a suggestive title', () => {
    expect(defenderAlertClass({ category: 'CredentialAccess', title: 'Tampering with LSASS' })).toBeUndefined();
    expect(defenderAlertClass({ category: 'Ransomware', title: 'Ransomware behavior detected' })).toBeUndefined();
  });

  it('falls back to the title when the category is missing or generic', () => {
    expect(defenderAlertClass({ title: 'Attempt to turn off Microsoft Defender Antivirus protection' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ category: 'SuspiciousActivity', title: 'Tamper protection bypass attempt' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ title: 'Event log was cleared' })).toBe('defenseEvasion');
    expect(defenderAlertClass({ title: 'Potentially unwanted application detected' })).toBe('unwantedSoftware');
    expect(defenderAlertClass({ category: 'None', title: 'Unapproved software installed' })).toBe('unwantedSoftware');
    expect(defenderAlertClass({ title: 'Suspicious PowerShell command line' })).toBeUndefined();
  });

  it('uses MITRE techniques last, only the unambiguous defence-evasion ones', () => {
    expect(defenderAlertClass({ title: 'Suspicious activity', details: { mitreTechniques: 'T1059,T1562.001' } })).toBe('defenseEvasion');
    expect(defenderAlertClass({ title: 'Suspicious activity', details: { mitreTechniques: 'T1036' } })).toBeUndefined();
    expect(defenderAlertClass({})).toBeUndefined();
  });
});
