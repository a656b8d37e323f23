/**
 * The fixed vocabulary of the synthetic tenant: names, departments, sites, labels, assets and
 * domains. Tenant configuration (label GUIDs, asset ids) is constant across seeds, as it would be
 * for one customer; only people and behaviour depend on the seed.
 */

export const DOMAIN = 'contoso.com';
export const TENANT_ID = '4a1f5ad2-7c3e-4b8f-9d61-2e0c8b7f1a93';
export const TENANT_NAME = 'contoso.onmicrosoft.com';
export const SHAREPOINT_ROOT = 'https://contoso.sharepoint.com';
export const ONEDRIVE_ROOT = 'https://contoso-my.sharepoint.com';

/** Business partners: ordinary external mail and sharing go here. */
export const PARTNER_DOMAINS = ['fabrikam.com', 'adatum.com', 'northwindtraders.com', 'tailspintoys.com', 'litware.com', 'wingtiptoys.com'] as const;
export const PERSONAL_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com'] as const;
export const PERSONAL_CLOUD_DOMAINS = ['drive.google.com', 'www.dropbox.com', 'wetransfer.com'] as const;

export interface DepartmentSpec {
  readonly name: string;
  /** Share of the organization. */
  readonly weight: number;
  readonly code: string;
  readonly contributorTitles: readonly string[];
  readonly managerTitle: string;
  readonly directorTitle: string;
  readonly headTitle: string;
  /** Share of people who routinely mail and share with partners. */
  readonly externalCollaboration: number;
  /** Document stems for the department's sites. */
  readonly documents: readonly string[];
  /** Share of the department's documents labelled Confidential or higher. */
  readonly confidentialShare: number;
}

export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    name: 'Engineering', weight: 0.3, code: 'ENG',
    contributorTitles: ['Software Engineer', 'Software Engineer', 'Senior Software Engineer', 'Principal Engineer', 'QA Engineer', 'DevOps Engineer', 'Data Engineer'],
    managerTitle: 'Engineering Manager', directorTitle: 'Director of Engineering', headTitle: 'VP Engineering',
    externalCollaboration: 0.05,
    documents: ['Design spec', 'Architecture review', 'API contract', 'Release plan', 'Test plan', 'Incident report', 'Source export', 'Threat model', 'Build pipeline notes', 'Roadmap 2027'],
    confidentialShare: 0.45,
  },
  {
    name: 'Sales', weight: 0.18, code: 'SLS',
    contributorTitles: ['Account Executive', 'Account Executive', 'Sales Development Representative', 'Solutions Consultant', 'Senior Account Executive'],
    managerTitle: 'Sales Manager', directorTitle: 'Regional Sales Director', headTitle: 'VP Sales',
    externalCollaboration: 0.6,
    documents: ['Customer list', 'Pipeline review', 'Pricing model', 'Deal desk approval', 'Quote', 'Territory plan', 'Win-loss analysis', 'Partner agreement'],
    confidentialShare: 0.4,
  },
  {
    name: 'Support', weight: 0.13, code: 'SUP',
    contributorTitles: ['Support Engineer', 'Support Engineer', 'Senior Support Engineer', 'Customer Success Manager', 'Field Technician'],
    managerTitle: 'Support Manager', directorTitle: 'Director of Customer Support', headTitle: 'VP Customer Success',
    externalCollaboration: 0.3,
    documents: ['Case notes', 'Escalation summary', 'Knowledge article', 'Runbook', 'Customer health report', 'Field visit report'],
    confidentialShare: 0.25,
  },
  {
    name: 'Marketing', weight: 0.1, code: 'MKT',
    contributorTitles: ['Marketing Specialist', 'Content Writer', 'Product Marketing Manager', 'Designer', 'Events Coordinator'],
    managerTitle: 'Marketing Manager', directorTitle: 'Director of Marketing', headTitle: 'VP Marketing',
    externalCollaboration: 0.4,
    documents: ['Campaign brief', 'Launch plan', 'Brand guidelines', 'Press release draft', 'Market analysis', 'Webinar deck'],
    confidentialShare: 0.2,
  },
  {
    name: 'Finance', weight: 0.08, code: 'FIN',
    contributorTitles: ['Financial Analyst', 'Accountant', 'Senior Accountant', 'Payroll Specialist', 'Controller'],
    managerTitle: 'Finance Manager', directorTitle: 'Director of Finance', headTitle: 'Chief Financial Officer',
    externalCollaboration: 0.1,
    documents: ['Q3 forecast', 'Board deck', 'Payroll', 'Budget 2027', 'Revenue recognition memo', 'Audit workpapers', 'Cash flow model', 'Vendor payments'],
    confidentialShare: 0.7,
  },
  {
    name: 'Operations', weight: 0.07, code: 'OPS',
    contributorTitles: ['Operations Analyst', 'Facilities Coordinator', 'Procurement Specialist', 'Logistics Coordinator'],
    managerTitle: 'Operations Manager', directorTitle: 'Director of Operations', headTitle: 'VP Operations',
    externalCollaboration: 0.2,
    documents: ['Supplier contract', 'Facilities plan', 'Inventory report', 'Procurement request', 'Shipping schedule'],
    confidentialShare: 0.3,
  },
  {
    name: 'HR', weight: 0.05, code: 'HR',
    contributorTitles: ['HR Business Partner', 'Recruiter', 'HR Generalist', 'Compensation Analyst'],
    managerTitle: 'HR Manager', directorTitle: 'Director of People', headTitle: 'Chief People Officer',
    externalCollaboration: 0.1,
    documents: ['Offer letter', 'Compensation review', 'Headcount plan', 'Employee roster', 'Benefits summary', 'Investigation notes'],
    confidentialShare: 0.8,
  },
  {
    name: 'Legal', weight: 0.04, code: 'LGL',
    contributorTitles: ['Corporate Counsel', 'Paralegal', 'Contracts Manager', 'Compliance Analyst'],
    managerTitle: 'Legal Manager', directorTitle: 'Deputy General Counsel', headTitle: 'General Counsel',
    externalCollaboration: 0.4,
    documents: ['Contract draft', 'NDA', 'Litigation hold', 'Patent filing', 'Merger memo', 'Regulatory response'],
    confidentialShare: 0.85,
  },
  {
    name: 'IT', weight: 0.05, code: 'IT',
    contributorTitles: ['Systems Administrator', 'Service Desk Analyst', 'Security Analyst', 'Network Engineer', 'Cloud Administrator'],
    managerTitle: 'IT Manager', directorTitle: 'Director of IT', headTitle: 'Chief Information Officer',
    externalCollaboration: 0.05,
    documents: ['Asset inventory', 'Firewall change', 'Access review', 'Backup report', 'Network diagram', 'Vendor licence list'],
    confidentialShare: 0.5,
  },
];

export const EXECUTIVE_DEPARTMENT = 'Executive';

export const FIRST_NAMES = [
  'Ada', 'Adrian', 'Aisha', 'Alan', 'Alex', 'Alice', 'Amara', 'Amir', 'Ana', 'Andre', 'Anika', 'Anna', 'Arjun', 'Ben', 'Bianca',
  'Bruno', 'Carla', 'Carlos', 'Chen', 'Chloe', 'Daniel', 'Dara', 'David', 'Diego', 'Elena', 'Eli', 'Emma', 'Erik', 'Eva', 'Farah',
  'Felix', 'Fatima', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hugo', 'Ian', 'Ines', 'Ivan', 'Jack', 'Jade', 'James', 'Jana', 'Javier',
  'Jin', 'Jonas', 'Julia', 'Kai', 'Karen', 'Kenji', 'Kiran', 'Lara', 'Laura', 'Leo', 'Lena', 'Liam', 'Lina', 'Lucas', 'Lucia',
  'Maya', 'Marco', 'Maria', 'Mark', 'Mateo', 'Mei', 'Mia', 'Mohammed', 'Nadia', 'Naomi', 'Nina', 'Noah', 'Nora', 'Omar', 'Olga',
  'Oscar', 'Paula', 'Pedro', 'Priya', 'Rafael', 'Rahul', 'Rania', 'Rosa', 'Ryan', 'Sam', 'Sara', 'Sean', 'Sofia', 'Sven', 'Tara',
  'Theo', 'Tomas', 'Uma', 'Victor', 'Vera', 'Wei', 'Yara', 'Yusuf', 'Zoe', 'Zara',
] as const;

export const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Alvarez', 'Andersen', 'Bauer', 'Becker', 'Bernard', 'Bianchi', 'Brooks', 'Campbell', 'Carter', 'Castillo',
  'Chen', 'Cohen', 'Costa', 'Das', 'Davies', 'Diaz', 'Dubois', 'Edwards', 'Evans', 'Fischer', 'Fernandes', 'Garcia', 'Gomez',
  'Gray', 'Hansen', 'Hughes', 'Ibrahim', 'Ito', 'Jansen', 'Jensen', 'Johnson', 'Kaur', 'Khan', 'Kim', 'Klein', 'Kowalski', 'Kumar',
  'Larsen', 'Laurent', 'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Morris', 'Muller', 'Murphy', 'Nakamura', 'Nguyen', 'Novak',
  'Okafor', 'Olsen', 'Ortiz', 'Park', 'Patel', 'Perez', 'Petrov', 'Quinn', 'Ramos', 'Reed', 'Reyes', 'Richter', 'Rossi', 'Russo',
  'Sanchez', 'Santos', 'Sato', 'Schmidt', 'Schneider', 'Silva', 'Singh', 'Smith', 'Sousa', 'Suzuki', 'Tanaka', 'Taylor', 'Thomas',
  'Torres', 'Turner', 'Vargas', 'Wagner', 'Walker', 'Wang', 'Weber', 'Wilson', 'Wong', 'Wright', 'Yamamoto', 'Young', 'Zhang',
] as const;

/** Sensitivity labels as a tenant publishes them; audit records carry only the GUID. */
export const SENSITIVITY_LABELS = [
  { id: '87ba5c36-b7cf-4793-bbc2-bd5b3a9f95ca', name: 'Public', order: 0 },
  { id: 'f42aa342-8706-4288-bd11-ebb85995028c', name: 'General', order: 1 },
  { id: '074e257c-5848-4582-9a6f-34a182080e71', name: 'Confidential', order: 2 },
  { id: '1b070e6f-4b3c-4534-95c4-08335a5ca610', name: 'Highly Confidential', order: 3 },
] as const;
export type LabelName = (typeof SENSITIVITY_LABELS)[number]['name'];
export const LABEL_ID: Readonly<Record<LabelName, string>> = Object.fromEntries(SENSITIVITY_LABELS.map((l) => [l.name, l.id])) as Record<LabelName, string>;

/** Sites beyond one per department; ProductRoadmap and the finance/legal sites are priority sites. */
export const SHARED_SITES = ['Intranet', 'ProductRoadmap', 'AllCompany'] as const;
export const PRIORITY_SITE_NAMES = ['ProductRoadmap', 'Finance', 'Legal', 'HR'] as const;

export interface PhysicalAsset {
  readonly id: string;
  readonly name: string;
  /** Departments whose people badge here as part of their job. */
  readonly departments: readonly string[] | 'all';
  readonly priority: boolean;
}

export const PHYSICAL_ASSETS: readonly PhysicalAsset[] = [
  { id: 'HQ-Main-Entrance', name: 'Headquarters Main Entrance', departments: 'all', priority: false },
  { id: 'HQ-Garage-Gate', name: 'Headquarters Parking Garage Gate', departments: 'all', priority: false },
  { id: 'HQ-F2-East', name: 'Headquarters 2nd Floor East Wing', departments: ['Engineering', 'IT', 'Support'], priority: false },
  { id: 'HQ-F3-West', name: 'Headquarters 3rd Floor West Wing', departments: ['Sales', 'Marketing', 'Operations'], priority: false },
  { id: 'HQ-F4-Exec', name: 'Headquarters 4th Floor Executive Suite', departments: ['Finance', 'Legal', 'HR', 'Executive'], priority: false },
  { id: 'HQ-RD-Lab', name: 'Research and Development Lab', departments: ['Engineering'], priority: true },
  { id: 'DC1-Cage-07', name: 'Data Center 1 Server Cage 07', departments: ['IT'], priority: true },
];

export const BROWSER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
] as const;
export const SYNC_AGENT = 'Microsoft SkyDriveSync 25.090.0511.0001 ship; Windows NT 10.0 (19045)';
export const OUTLOOK_CLIENTS = [
  'Client=MSExchangeRPC',
  'Client=OWA;Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0;',
  'Client=REST;Client=RESTSystem;;',
] as const;
export const PRINTERS = ['HQ-F2-East-HP-M479', 'HQ-F3-West-Canon-C5535', 'HQ-F4-Exec-Xerox-C8155'] as const;
export const USB_DEVICES = [
  { Manufacturer: 'SanDisk', Model: 'Ultra USB 3.0', Capacity: 61_530_439_680 },
  { Manufacturer: 'Kingston', Model: 'DataTraveler 3.0', Capacity: 30_765_219_840 },
  { Manufacturer: 'Samsung', Model: 'BAR Plus', Capacity: 128_035_676_160 },
] as const;

/** Extensions by document kind, so a "Pricing model" is a spreadsheet and a "Board deck" a deck. */
export function extensionFor(stem: string, pick: number): string {
  const s = stem.toLowerCase();
  if (/(forecast|model|list|payroll|budget|inventory|roster|pipeline|payments|workpapers|licence|schedule|export)/.test(s)) {
    return pick < 0.8 ? 'xlsx' : 'csv';
  }
  if (/(deck|review|plan|brief|analysis|webinar|report)/.test(s)) return pick < 0.5 ? 'pptx' : pick < 0.8 ? 'docx' : 'pdf';
  if (/(diagram|spec|contract|agreement|memo|filing|nda|letter)/.test(s)) return pick < 0.7 ? 'docx' : 'pdf';
  return pick < 0.6 ? 'docx' : pick < 0.85 ? 'pdf' : 'xlsx';
}
