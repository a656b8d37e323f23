import type { Random } from '../random';
import {
  DEPARTMENTS,
  extensionFor,
  ONEDRIVE_ROOT,
  PRIORITY_SITE_NAMES,
  SHAREPOINT_ROOT,
  SHARED_SITES,
  type LabelName,
} from './organization.catalog';
import { randomGuid, stream, STREAM } from './random-streams';

/** A document in a SharePoint library, with the ids SharePoint audit records repeat for it. */
export interface SiteDocument {
  readonly name: string;
  readonly extension: string;
  /** Folder relative to the site, as `SourceRelativeUrl` carries it. */
  readonly folder: string;
  readonly uniqueId: string;
  readonly label: LabelName | undefined;
  readonly sizeBytes: number;
}

export interface DocumentSite {
  readonly name: string;
  /** With a trailing slash, as `SiteUrl` carries it. */
  readonly url: string;
  readonly siteId: string;
  readonly webId: string;
  readonly listId: string;
  readonly priority: boolean;
  readonly documents: readonly SiteDocument[];
  /** Documents labelled Confidential or higher: what an insider goes for. */
  readonly sensitive: readonly SiteDocument[];
}

const SHARED_SITE_DOCUMENTS: Readonly<Record<(typeof SHARED_SITES)[number], readonly string[]>> = {
  Intranet: ['Holiday calendar', 'Expense policy', 'Travel policy', 'Org chart', 'Office map', 'IT onboarding guide'],
  ProductRoadmap: ['Roadmap 2027', 'Product strategy', 'Feature priorities', 'Competitive analysis', 'Launch timeline', 'Pricing model'],
  AllCompany: ['Town hall deck', 'Company update', 'Benefits guide', 'Quarterly results summary'],
};
const VARIANTS = ['', ' v2', ' v3', ' final', ' 2026-Q1', ' 2026-Q2', ' EMEA', ' Americas', ' APAC', ' draft', ' (signed)', ' 2025'];
const SUBFOLDERS = ['', '', '/Archive', '/Working', '/Customers', '/Reviews'];

export function generateSites(seed: number): DocumentSite[] {
  const random = stream(seed, STREAM.sites);
  const sites: DocumentSite[] = [];
  for (const d of DEPARTMENTS) sites.push(createSite(random, d.name, d.documents, d.confidentialShare));
  for (const name of SHARED_SITES) {
    sites.push(createSite(random, name, SHARED_SITE_DOCUMENTS[name], name === 'ProductRoadmap' ? 0.8 : 0.05));
  }
  return sites;
}

function createSite(random: Random, name: string, stems: readonly string[], confidentialShare: number): DocumentSite {
  const documents: SiteDocument[] = [];
  const seen = new Set<string>();
  const count = random.int(60, 140);
  for (let i = 0; i < count * 2 && documents.length < count; i++) {
    const stem = random.pick(stems);
    const extension = extensionFor(stem, random.next());
    const file = `${stem}${random.pick(VARIANTS)}${random.next() < 0.4 ? ` ${random.int(1, 40)}` : ''}.${extension}`;
    if (seen.has(file)) continue;
    seen.add(file);
    const roll = random.next();
    const label: LabelName | undefined =
      roll < confidentialShare * 0.3
        ? 'Highly Confidential'
        : roll < confidentialShare
          ? 'Confidential'
          : roll < confidentialShare + (1 - confidentialShare) * 0.5
            ? 'General'
            : roll < confidentialShare + (1 - confidentialShare) * 0.6
              ? 'Public'
              : undefined;
    documents.push({
      name: file,
      extension,
      folder: `Shared Documents${random.pick(SUBFOLDERS)}`,
      uniqueId: randomGuid(random),
      label,
      sizeBytes: random.int(20_000, 6_000_000),
    });
  }
  return {
    name,
    url: `${SHAREPOINT_ROOT}/sites/${name}/`,
    siteId: randomGuid(random),
    webId: randomGuid(random),
    listId: randomGuid(random),
    priority: (PRIORITY_SITE_NAMES as readonly string[]).includes(name),
    documents,
    sensitive: documents.filter((d) => d.label === 'Confidential' || d.label === 'Highly Confidential'),
  };
}

/** A person's OneDrive, as `SiteUrl` carries it. */
export function oneDriveUrl(alias: string): string {
  return `${ONEDRIVE_ROOT}/personal/${alias.replace(/[.@-]/g, '_')}_contoso_com/`;
}

const PERSONAL_STEMS = ['Notes', 'Meeting notes', 'Draft', 'Expenses', 'Slides', 'Checklist', 'Ideas', 'Status update', 'Timesheet'];

/** A document in someone's OneDrive: personal working files, rarely labelled. */
export function personalDocument(random: Random): SiteDocument {
  const stem = random.pick(PERSONAL_STEMS);
  const extension = extensionFor(stem, random.next());
  return {
    name: `${stem} ${random.int(1, 60)}.${extension}`,
    extension,
    folder: 'Documents',
    uniqueId: randomGuid(random),
    label: random.next() < 0.2 ? 'General' : undefined,
    sizeBytes: random.int(8_000, 2_000_000),
  };
}
