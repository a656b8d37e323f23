import type { SignalFormat } from '../../../../core/ingest/record-outcome';

/** What the caller chooses; everything else follows from the seed. */
export interface OrganizationOptions {
  /** Same seed, same options → byte-identical files. Default 20260302. */
  readonly seed?: number;
  /** Number of people in the directory, at least 50 (the planted insiders need room). Default 500. */
  readonly users?: number;
  /** First simulated day, `YYYY-MM-DD` (UTC). Default `2026-03-02`, a Monday. */
  readonly start?: string;
  /** Simulated days, at least 14 (the planted scenarios span about two weeks). Default 30. */
  readonly days?: number;
  /**
   * Users whose audit records go into one audit file per day. Large organizations get several
   * files per day (`audit-YYYY-MM-DD-2.json` …) so no single string grows with the organization.
   * Default 5000.
   */
  readonly usersPerAuditFile?: number;
}

/** One file as a customer would hand it to the product. */
export interface GeneratedFile {
  /** Relative path inside the output folder, `/`-separated. */
  readonly name: string;
  readonly format: SignalFormat;
  readonly content: string;
}

/** The named scenarios planted on top of the ordinary noise. */
export type InsiderScenario =
  | 'departing-user-data-theft'
  | 'email-leak-after-dlp-alert'
  | 'disgruntled-after-pip'
  | 'archive-obfuscate-exfiltrate-delete'
  | 'badge-access-after-termination'
  | 'defense-evasion';

/** Policy template names as the Purview UI spells them (irm-reference §1.1). */
export type PolicyTemplateName =
  | 'Data theft by departing users'
  | 'Data leaks'
  | 'Data leaks by priority users'
  | 'Data leaks by risky users'
  | 'Security policy violations'
  | 'Security policy violations by departing users';

/** The risk factors an alert card names (ARCHITECTURE.md, Cards). */
export type RiskFactor = 'sequence' | 'cumulativeExfiltration' | 'unusualActivity' | 'priorityContent' | 'unallowedDomains';

export interface PlantedInsider {
  readonly upn: string;
  readonly scenario: InsiderScenario;
  readonly expectedTemplate: PolicyTemplateName;
  readonly expectedRiskFactors: readonly RiskFactor[];
  /** Indicator ids of irm-reference §2.4 the planted records should light up. */
  readonly expectedIndicators: readonly string[];
  /** The event that should bring the user into scope, in words. */
  readonly triggeringEvent: string;
  /** Earliest planted signal (trigger included), ISO 8601 UTC with milliseconds. */
  readonly firstActivity: string;
  /** Latest planted signal, ISO 8601 UTC with milliseconds. */
  readonly lastActivity: string;
  readonly description: string;
}

/** Ordinary users with a legitimate habit that looks like exfiltration; they must not alert. */
export interface HabitualUsers {
  readonly heavySharePoint: readonly string[];
  readonly heavyPrinters: readonly string[];
  readonly usbUsers: readonly string[];
  readonly externalCollaborators: number;
  /** Ordinary HR events (resignations, PIPs) of people who then behave normally. */
  readonly ordinaryResignations: readonly string[];
  readonly ordinaryPerformancePlans: readonly string[];
}

/** Tenant configuration a test or the demo needs to score the data as intended. */
export interface OrganizationSettings {
  readonly internalDomains: readonly string[];
  readonly partnerDomains: readonly string[];
  /** Personal mail and cloud-storage domains: candidates for the unallowed-domains list. */
  readonly unallowedDomains: readonly string[];
  /** Site URLs holding the organization's most sensitive documents. */
  readonly prioritySites: readonly string[];
  /** Sensitivity label GUIDs (as audit records carry them) with their names and order. */
  readonly sensitivityLabels: readonly { readonly id: string; readonly name: string; readonly order: number }[];
  readonly priorityLabelIds: readonly string[];
  /** Badging AssetIds that are priority physical assets. */
  readonly priorityPhysicalAssets: readonly string[];
}

export interface OrganizationManifest {
  readonly seed: number;
  /** First simulated day, `YYYY-MM-DD`. */
  readonly start: string;
  readonly days: number;
  /** Number of people in the directory. */
  readonly users: number;
  readonly insiders: readonly PlantedInsider[];
  readonly habits: HabitualUsers;
  readonly settings: OrganizationSettings;
  /** Every file `files()` yields, in order. */
  readonly files: readonly { readonly name: string; readonly format: SignalFormat }[];
}

export interface GeneratedOrganization {
  readonly manifest: OrganizationManifest;
  readonly files: readonly GeneratedFile[];
}

/** An organization planned in memory (people, habits, insiders), whose files are made on demand. */
export interface OrganizationStream {
  readonly manifest: OrganizationManifest;
  /** Yields the files one at a time; each call starts over and yields the same bytes. */
  files(): Generator<GeneratedFile>;
}
