import type { Random } from '../random';
import {
  DEPARTMENTS,
  DOMAIN,
  EXECUTIVE_DEPARTMENT,
  FIRST_NAMES,
  LAST_NAMES,
  PERSONAL_MAIL_DOMAINS,
  type DepartmentSpec,
} from './organization.catalog';
import { chance, shuffled, stream, STREAM } from './random-streams';
import type { WorkingHours } from './work-calendar';

/** One person of the synthetic organization, with the habits that shape their noise. */
export interface SyntheticUser {
  readonly index: number;
  readonly upn: string;
  /** The local part of the UPN, used in device paths. */
  readonly alias: string;
  readonly objectId: string;
  readonly displayName: string;
  readonly department: string;
  jobTitle: string;
  managerIndex: number | undefined;
  readonly reports: number[];
  /** Exchange/SharePoint passport id (16 hex digits). */
  readonly puid: string;
  readonly sid: string;
  readonly mailboxGuid: string;
  /** The ids of the person's OneDrive site, web and document library. */
  readonly oneDrive: { readonly kind: 'onedrive'; readonly siteId: string; readonly webId: string; readonly listId: string };
  readonly device: string;
  readonly clientIp: string;
  readonly publicIp: string;
  readonly personalEmail: string;
  readonly hours: WorkingHours;
  /** Multiplies every ordinary rate: some people simply do more. */
  readonly activity: number;
  /** Chance of being in the office on a working day. */
  readonly officeRate: number;
  readonly weekendWorker: boolean;
  heavySharePoint: boolean;
  heavyPrinter: boolean;
  usbUser: boolean;
  readonly externalCollaborator: boolean;
}

export interface People {
  readonly users: readonly SyntheticUser[];
  /** User indices per department name. */
  readonly byDepartment: ReadonlyMap<string, readonly number[]>;
}

const SPEC_BY_NAME = new Map(DEPARTMENTS.map((d) => [d.name, d]));

export function departmentSpec(name: string): DepartmentSpec | undefined {
  return SPEC_BY_NAME.get(name);
}

export function generatePeople(seed: number, count: number): People {
  const random = stream(seed, STREAM.people);
  const departments = assignDepartments(random, count);
  const taken = new Set<string>();
  const users: SyntheticUser[] = [];
  for (let index = 0; index < count; index++) {
    users.push(createUser(random, index, departments[index], taken));
  }
  const byDepartment = new Map<string, number[]>();
  for (const u of users) {
    const list = byDepartment.get(u.department) ?? [];
    list.push(u.index);
    byDepartment.set(u.department, list);
  }
  buildHierarchy(random, users, byDepartment);
  assignHabits(random, users);
  return { users, byDepartment };
}

/** Index 0 is the CEO; the rest are spread over departments in proportion to their weight. */
function assignDepartments(random: Random, count: number): string[] {
  const rest = count - 1;
  const labels: string[] = [];
  let assigned = 0;
  DEPARTMENTS.forEach((d, i) => {
    const n = i === DEPARTMENTS.length - 1 ? rest - assigned : Math.round(d.weight * rest);
    for (let k = 0; k < n; k++) labels.push(d.name);
    assigned += n;
  });
  // An executive assistant once the company is big enough to have one.
  if (count >= 100) labels[labels.length - 1] = EXECUTIVE_DEPARTMENT;
  return [EXECUTIVE_DEPARTMENT, ...shuffled(random, labels)];
}

function createUser(random: Random, index: number, department: string, taken: Set<string>): SyntheticUser {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const base = `${first}.${last}`.toLowerCase();
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}${n}`;
  taken.add(alias);
  const startHour = 7 + random.next() * 2.5;
  const personalDomain = random.pick(PERSONAL_MAIL_DOMAINS);
  const spec = SPEC_BY_NAME.get(department);
  return {
    index,
    upn: `${alias}@${DOMAIN}`,
    alias,
    objectId: random.guid(),
    displayName: `${first} ${last}`,
    department,
    jobTitle: '',
    managerIndex: undefined,
    reports: [],
    puid: `1003200${random.hex(9)}`.toUpperCase(),
    sid: `S-1-5-21-2127521184-1604012920-1887927527-${1000 + index * 7 + random.int(0, 6)}`,
    mailboxGuid: random.guid(),
    oneDrive: { kind: 'onedrive', siteId: random.guid(), webId: random.guid(), listId: random.guid() },
    device: `${random.next() < 0.8 ? 'LAPTOP' : 'DESKTOP'}-${random.hex(7).toUpperCase()}`,
    clientIp: `10.${20 + (index % 8)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    publicIp: `203.0.113.${random.int(1, 254)}`,
    personalEmail: `${first}.${last}${random.int(70, 99)}@${personalDomain}`.toLowerCase(),
    hours: { startHour, endHour: startHour + 8.5 + random.next() },
    activity: 0.6 + random.next() * 0.9,
    officeRate: 0.3 + random.next() * 0.6,
    weekendWorker: chance(random, 0.1),
    heavySharePoint: false,
    heavyPrinter: false,
    usbUser: false,
    externalCollaborator: chance(random, spec?.externalCollaboration ?? 0.2),
  };
}

/**
 * Each department is a tree under its head, who reports to the CEO. Managers are filled
 * breadth-first with 3–10 reports each, which gives a few levels and about one manager in seven.
 */
function buildHierarchy(random: Random, users: SyntheticUser[], byDepartment: Map<string, number[]>): void {
  const ceo = users[0];
  ceo.jobTitle = 'Chief Executive Officer';
  const link = (manager: SyntheticUser, report: SyntheticUser): void => {
    report.managerIndex = manager.index;
    manager.reports.push(report.index);
  };
  for (const i of (byDepartment.get(EXECUTIVE_DEPARTMENT) ?? []).slice(1)) {
    users[i].jobTitle = 'Executive Assistant';
    link(ceo, users[i]);
  }
  for (const spec of DEPARTMENTS) {
    const members = byDepartment.get(spec.name) ?? [];
    if (members.length === 0) continue;
    const head = users[members[0]];
    link(ceo, head);
    const remaining = members.slice(1);
    const queue = [head];
    while (remaining.length > 0 && queue.length > 0) {
      const manager = queue.shift() as SyntheticUser;
      let take = remaining.length <= 10 ? remaining.length : random.int(3, 10);
      // Never leave one or two people who could only hang under a manager with too few reports.
      if (remaining.length - take > 0 && remaining.length - take < 3) take = remaining.length - 3;
      for (const i of remaining.splice(0, take)) {
        link(manager, users[i]);
        queue.push(users[i]);
      }
    }
    head.jobTitle = spec.headTitle;
    for (const i of members.slice(1)) {
      const u = users[i];
      if (u.reports.length === 0) u.jobTitle = random.pick(spec.contributorTitles);
      else u.jobTitle = u.managerIndex === head.index ? spec.directorTitle : spec.managerTitle;
    }
  }
}

/** Legitimate habits that look like exfiltration; planted insiders are chosen among people without them. */
function assignHabits(random: Random, users: SyntheticUser[]): void {
  const contributors = users.filter((u) => u.index !== 0 && u.reports.length === 0);
  const pickSome = (pool: SyntheticUser[], share: number, minimum: number): SyntheticUser[] =>
    shuffled(random, pool).slice(0, Math.max(minimum, Math.round(users.length * share)));
  for (const u of pickSome(contributors, 0.12, 3)) u.heavySharePoint = true;
  const paperDepartments = new Set(['Legal', 'Finance', 'HR', 'Operations']);
  for (const u of pickSome(contributors.filter((c) => paperDepartments.has(c.department) && !c.heavySharePoint), 0.03, 2)) {
    u.heavyPrinter = true;
  }
  const usbDepartments = new Set(['IT', 'Support', 'Engineering']);
  const usbPool = contributors.filter(
    (c) => usbDepartments.has(c.department) && !c.heavyPrinter && (c.jobTitle === 'Field Technician' || c.department !== 'Support'),
  );
  for (const u of pickSome(usbPool, 0.01, 2)) u.usbUser = true;
}
