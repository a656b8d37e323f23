import type { Random } from '../random';
import { DOMAIN, TENANT_ID } from './organization.catalog';
import type { SyntheticUser } from './people.generator';
import { graphTime, MINUTE_MS } from './work-calendar';

/**
 * Microsoft Graph security alerts (`GET /security/alerts_v2`, resource `alert`) from Microsoft
 * Purview DLP and Microsoft Defender for Endpoint, in the shape Graph returns them.
 */

export type GraphSeverity = 'informational' | 'low' | 'medium' | 'high';

export interface TimedAlert {
  readonly ms: number;
  readonly alert: Record<string, unknown>;
}

function userEvidence(random: Random, user: SyntheticUser, ms: number): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.security.userEvidence',
    createdDateTime: graphTime(ms, random),
    verdict: 'unknown',
    remediationStatus: 'none',
    remediationStatusDetails: null,
    roles: [],
    detailedRoles: [],
    tags: [],
    userAccount: {
      accountName: user.alias,
      domainName: DOMAIN,
      userSid: user.sid,
      azureAdUserId: user.objectId,
      userPrincipalName: user.upn,
      displayName: user.displayName,
    },
  };
}

function alertCommon(random: Random, id: string, incident: number, ms: number): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id.slice(2),
    incidentId: String(incident),
    status: 'new',
    classification: null,
    determination: null,
    tenantId: TENANT_ID,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${TENANT_ID}`,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incident}?tid=${TENANT_ID}`,
    createdDateTime: graphTime(ms, random),
  };
}

export interface DlpAlertInput {
  readonly user: SyntheticUser;
  readonly ms: number;
  readonly severity: GraphSeverity;
  readonly policy: string;
  /** What matched: an email subject or a document name. */
  readonly subject: string;
  readonly channel: 'email' | 'document';
  readonly incident: number;
}

export function dlpAlert(random: Random, input: DlpAlertInput): TimedAlert {
  const id = `dl${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
  const detected = input.ms - random.int(2, 9) * MINUTE_MS;
  const what = input.channel === 'email' ? `email with subject '${input.subject}'` : `document '${input.subject}'`;
  const alert: Record<string, unknown> = {
    ...alertCommon(random, id, input.incident, input.ms),
    severity: input.severity,
    serviceSource: 'microsoftDataLossPrevention',
    detectionSource: 'microsoftDataLossPrevention',
    productName: 'Microsoft Data Loss Prevention',
    detectorId: random.guid(),
    title: `DLP policy (${input.policy}) matched for ${what}`,
    description: `A ${input.channel === 'email' ? 'message' : 'file'} by ${input.user.displayName} matched the DLP policy '${input.policy}'.`,
    recommendedActions: '',
    category: 'Exfiltration',
    assignedTo: null,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: [],
    lastUpdateDateTime: graphTime(input.ms + 3 * MINUTE_MS, random),
    resolvedDateTime: null,
    firstActivityDateTime: graphTime(detected, random),
    lastActivityDateTime: graphTime(detected, random),
    comments: [],
    evidence: [userEvidence(random, input.user, input.ms)],
    systemTags: [],
  };
  return { ms: input.ms, alert };
}

export interface DefenderAlertInput {
  readonly user: SyntheticUser;
  readonly ms: number;
  readonly severity: GraphSeverity;
  readonly title: string;
  readonly category: 'DefenseEvasion' | 'UnwantedSoftware';
  readonly mitreTechniques: readonly string[];
  readonly process: string;
  readonly commandLine: string;
  readonly incident: number;
}

export function defenderAlert(random: Random, input: DefenderAlertInput): TimedAlert {
  // Defender for Endpoint alert ids: "da" + .NET ticks of the detection + "_" + a signed 32-bit number.
  const ticks = `${input.ms + 62_135_596_800_000}${String(random.int(0, 9_999)).padStart(4, '0')}`;
  const id = `da${ticks}_${random.int(-2_000_000_000, 2_000_000_000)}`;
  const deviceId = random.hex(40);
  const first = input.ms - random.int(1, 6) * MINUTE_MS;
  const alert: Record<string, unknown> = {
    ...alertCommon(random, id, input.incident, input.ms),
    severity: input.severity,
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: input.category === 'UnwantedSoftware' ? 'antivirus' : 'microsoftDefenderForEndpoint',
    productName: 'Microsoft Defender for Endpoint',
    detectorId: random.guid(),
    title: input.title,
    description: `${input.title} on ${input.user.device}.`,
    recommendedActions: 'Review the device timeline and the user\'s recent activity.',
    category: input.category,
    assignedTo: null,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: [...input.mitreTechniques],
    lastUpdateDateTime: graphTime(input.ms + 5 * MINUTE_MS, random),
    resolvedDateTime: null,
    firstActivityDateTime: graphTime(first, random),
    lastActivityDateTime: graphTime(input.ms - MINUTE_MS, random),
    comments: [],
    evidence: [
      {
        '@odata.type': '#microsoft.graph.security.deviceEvidence',
        createdDateTime: graphTime(input.ms, random),
        verdict: 'suspicious',
        remediationStatus: 'none',
        remediationStatusDetails: null,
        roles: [],
        detailedRoles: [],
        tags: [],
        firstSeenDateTime: '2025-09-15T08:12:44.1234567Z',
        mdeDeviceId: deviceId,
        azureAdDeviceId: random.guid(),
        deviceDnsName: `${input.user.device.toLowerCase()}.contoso.com`,
        osPlatform: 'Windows11',
        osBuild: 22631,
        healthStatus: 'active',
        riskScore: 'medium',
        rbacGroupId: 0,
        rbacGroupName: null,
        onboardingStatus: 'onboarded',
        defenderAvStatus: input.category === 'DefenseEvasion' ? 'disabled' : 'updated',
        loggedOnUsers: [{ accountName: input.user.alias, domainName: 'CONTOSO' }],
      },
      {
        '@odata.type': '#microsoft.graph.security.processEvidence',
        createdDateTime: graphTime(input.ms, random),
        verdict: 'suspicious',
        remediationStatus: 'none',
        remediationStatusDetails: null,
        roles: [],
        detailedRoles: [],
        tags: [],
        processId: random.int(1000, 30000),
        parentProcessId: random.int(1000, 30000),
        processCommandLine: input.commandLine,
        processCreationDateTime: graphTime(first, random),
        imageFile: { fileName: input.process, filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0' },
        userAccount: { accountName: input.user.alias, domainName: 'CONTOSO', userSid: input.user.sid, azureAdUserId: input.user.objectId, userPrincipalName: input.user.upn },
      },
      userEvidence(random, input.user, input.ms),
    ],
    systemTags: [],
  };
  return { ms: input.ms, alert };
}
