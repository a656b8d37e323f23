import {
  applyCaseTeamOutcome,
  CaseTeamSchema,
  type CaseTeam,
  type CaseTeamFacts,
  INITIAL_MEMBER_LIMIT,
  MAX_CASE_TEAM_ATTEMPTS,
  newCaseTeam,
  nextCaseTeamStep,
  retryCaseTeam,
} from '../../../core/cases/case-team';

const T0 = '2026-03-10T09:00:00.000Z';
const later = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
const id = (n: number): string => `6f1a2b3c-4d5e-4f60-8a7b-${n.toString(16).padStart(12, '0')}`;
const TEAM = '0b5c1d2e-3f40-4a51-8b62-000000000001';

function facts(overrides: Partial<CaseTeamFacts> = {}): CaseTeamFacts {
  return { caseStatus: 'Active', desiredMembers: [id(1), id(2)], now: T0, lookupGraceMs: 60_000, ...overrides };
}

const fresh = (): CaseTeam => newCaseTeam('C-0123456789AB', 'ada@contoso.com', T0);
const apply = applyCaseTeamOutcome;

/** Walks a record to `created` the way the provisioner does: look, start, finish. */
function created(): CaseTeam {
  let team = apply(fresh(), { kind: 'found', team: undefined }, T0);
  team = apply(team, { kind: 'creationStarting' }, T0);
  team = apply(team, { kind: 'creationStarted', operationUrl: '/teams/x/operations/y', teamId: TEAM }, T0);
  return apply(team, { kind: 'creationFinished', result: { status: 'succeeded', teamId: TEAM } }, T0);
}

describe('nextCaseTeamStep: creating the team once', () => {
  it('looks the team up by its reference before ever creating one', () => {
    expect(nextCaseTeamStep(fresh(), facts())).toEqual({ kind: 'findTeam' });
    const searched = apply(fresh(), { kind: 'found', team: undefined }, T0);
    expect(nextCaseTeamStep(searched, facts())).toEqual({ kind: 'createTeam' });
  });

  it('adopts a team found by reference instead of creating another', () => {
    const found = apply(fresh(), { kind: 'found', team: { teamId: TEAM, displayName: 'IRM case C-0123456789AB', provisioned: true } }, T0);
    expect(found).toMatchObject({ state: 'created', teamId: TEAM });
    expect(nextCaseTeamStep(found, facts()).kind).toBe('addMembers');
    // Still provisioning: keep looking, never create.
    const provisioning = apply(fresh(), { kind: 'found', team: { teamId: TEAM, displayName: 'x', provisioned: false } }, T0);
    expect(provisioning.state).toBe('creating');
    expect(nextCaseTeamStep(provisioning, facts())).toEqual({ kind: 'findTeam' });
  });

  it('after a creation that may have been accepted, looks again and waits out the directory lag before creating', () => {
    // Crash (or error) after "creation starting" was recorded and before the operation URL was.
    const started = apply(apply(fresh(), { kind: 'found', team: undefined }, T0), { kind: 'creationStarting' }, T0);
    expect(nextCaseTeamStep(started, facts())).toEqual({ kind: 'findTeam' });
    const unseen = apply(started, { kind: 'found', team: undefined }, later(1_000));
    expect(nextCaseTeamStep(unseen, facts({ now: later(1_000) }))).toEqual({ kind: 'waitForDirectory', untilMs: Date.parse(T0) + 60_000 });
    expect(nextCaseTeamStep(unseen, facts({ now: later(60_000) }))).toEqual({ kind: 'createTeam' });
  });

  it('polls a known operation; a lost one falls back to the lookup', () => {
    const searched = apply(fresh(), { kind: 'found', team: undefined }, T0);
    const creating = apply(apply(searched, { kind: 'creationStarting' }, T0), { kind: 'creationStarted', operationUrl: '/op/1', teamId: TEAM }, T0);
    expect(nextCaseTeamStep(creating, facts())).toEqual({ kind: 'awaitCreation', operationUrl: '/op/1' });
    const lost = apply(creating, { kind: 'operationLost' }, T0);
    expect(lost.state).toBe('creating');
    expect(nextCaseTeamStep(lost, facts())).toEqual({ kind: 'findTeam' });
  });

  it('a failed creation stops; asking again starts over under a fresh reference', () => {
    const searched = apply(fresh(), { kind: 'found', team: undefined }, T0);
    const creating = apply(apply(searched, { kind: 'creationStarting' }, T0), { kind: 'creationStarted', operationUrl: '/op/1', teamId: TEAM }, T0);
    const failed = apply(creating, { kind: 'creationFinished', result: { status: 'failed', error: { code: 'InternalServerError', message: 'Team provisioning failed' } } }, T0);
    expect(failed).toMatchObject({ state: 'failed', lastError: 'team creation failed: InternalServerError Team provisioning failed' });
    expect(nextCaseTeamStep(failed, facts())).toEqual({ kind: 'none' });
    const again = retryCaseTeam(failed, later(5));
    expect(again).toMatchObject({ state: 'requested', reference: 'C-0123456789AB.r2', searched: false, attempts: 0 });
    expect(again.teamId).toBeUndefined();
    expect(again.creationStartedAt).toBeUndefined();
    expect(nextCaseTeamStep(again, facts())).toEqual({ kind: 'findTeam' });
    expect(retryCaseTeam({ ...failed, reference: 'C-0123456789AB.r2' }, T0).reference).toBe('C-0123456789AB.r3');
  });
});

describe('nextCaseTeamStep: after creation', () => {
  it('adds at most 100 members first, installs the app, finds General, posts the card, then adds the rest', () => {
    const desired = Array.from({ length: 130 }, (_, i) => id(i + 1));
    let team = created();
    const first = nextCaseTeamStep(team, facts({ desiredMembers: desired }));
    expect(first).toEqual({ kind: 'addMembers', userObjectIds: desired.slice(0, INITIAL_MEMBER_LIMIT) });
    team = apply(team, { kind: 'membersAdded', result: { added: desired.slice(0, INITIAL_MEMBER_LIMIT), failed: [] } }, T0);
    expect(team.state).toBe('membersAdded');
    expect(nextCaseTeamStep(team, facts({ desiredMembers: desired }))).toEqual({ kind: 'installApp' });
    team = apply(team, { kind: 'appInstalled' }, T0);
    expect(nextCaseTeamStep(team, facts({ desiredMembers: desired }))).toEqual({ kind: 'findGeneralChannel' });
    team = apply(team, { kind: 'generalChannel', channelId: '19:general@thread.tacv2' }, T0);
    expect(nextCaseTeamStep(team, facts({ desiredMembers: desired }))).toEqual({ kind: 'postCard' });
    team = apply(team, { kind: 'cardPosted', message: { serviceUrl: 'https://smba/', conversationId: '19:general@thread.tacv2;messageid=1', activityId: '1' } }, T0);
    expect(team.state).toBe('cardPosted');
    expect(nextCaseTeamStep(team, facts({ desiredMembers: desired }))).toEqual({ kind: 'addMembers', userObjectIds: desired.slice(INITIAL_MEMBER_LIMIT) });
    team = apply(team, { kind: 'membersAdded', result: { added: desired.slice(INITIAL_MEMBER_LIMIT), failed: [] } }, T0);
    expect(team.state).toBe('cardPosted');
    expect(team.members).toHaveLength(130);
    expect(nextCaseTeamStep(team, facts({ desiredMembers: desired }))).toEqual({ kind: 'none' });
  });

  it('keeps membership in step: a new contributor is added, a removed one removed', () => {
    let team: CaseTeam = { ...created(), state: 'cardPosted', members: [id(1), id(2)] };
    expect(nextCaseTeamStep(team, facts({ desiredMembers: [id(1), id(2), id(9)] }))).toEqual({ kind: 'addMembers', userObjectIds: [id(9)] });
    expect(nextCaseTeamStep(team, facts({ desiredMembers: [id(1)] }))).toEqual({ kind: 'removeMembers', userObjectIds: [id(2)] });
    team = apply(team, { kind: 'membersRemoved', userObjectIds: [id(2)] }, T0);
    expect(team.members).toEqual([id(1)]);
  });

  it('does not retry people Graph refused to add, and says so', () => {
    const team = apply(created(), { kind: 'membersAdded', result: { added: [id(1)], failed: [{ userObjectId: id(2), code: 'NotFound', message: '' }] } }, T0);
    expect(team).toMatchObject({ members: [id(1)], notAdded: [id(2)], lastError: 'Graph could not add 1 member(s): NotFound' });
    const posted = { ...team, state: 'cardPosted' as const };
    expect(nextCaseTeamStep(posted, facts({ desiredMembers: [id(1), id(2)] }))).toEqual({ kind: 'none' });
  });

  it('archives once the case is closed, from any state that has a team, and then rests', () => {
    for (const state of ['created', 'membersAdded', 'appInstalled', 'cardPosted'] as const) {
      expect(nextCaseTeamStep({ ...created(), state }, facts({ caseStatus: 'Closed' }))).toEqual({ kind: 'archive' });
    }
    const archived = apply({ ...created(), state: 'cardPosted' }, { kind: 'archived' }, T0);
    expect(nextCaseTeamStep(archived, facts({ caseStatus: 'Closed' }))).toEqual({ kind: 'none' });
  });

  it('never creates a team for a closed case, but still finds one whose creation may be in flight', () => {
    expect(nextCaseTeamStep(fresh(), facts({ caseStatus: 'Closed' }))).toEqual({ kind: 'none' });
    const inFlight = apply(apply(fresh(), { kind: 'found', team: undefined }, T0), { kind: 'creationStarting' }, T0);
    expect(nextCaseTeamStep(inFlight, facts({ caseStatus: 'Closed' }))).toEqual({ kind: 'findTeam' });
    const unseen = apply(inFlight, { kind: 'found', team: undefined }, T0);
    expect(nextCaseTeamStep(unseen, facts({ caseStatus: 'Closed', now: later(120_000) }))).toEqual({ kind: 'none' });
  });
});

describe('applyCaseTeamOutcome: failures', () => {
  it('counts failed attempts, resets on success, and stops after the limit remembering where', () => {
    let team = created();
    team = apply(team, { kind: 'attemptFailed', error: 'OperationalError: Graph unavailable' }, T0);
    expect(team).toMatchObject({ state: 'created', attempts: 1, lastError: 'OperationalError: Graph unavailable' });
    expect(apply(team, { kind: 'appInstalled' }, T0).attempts).toBe(0);
    for (let i = 1; i < MAX_CASE_TEAM_ATTEMPTS; i++) team = apply(team, { kind: 'attemptFailed', error: 'again' }, T0);
    expect(team).toMatchObject({ state: 'failed', resumeState: 'created', attempts: MAX_CASE_TEAM_ATTEMPTS });
    expect(nextCaseTeamStep(team, facts())).toEqual({ kind: 'none' });
    const resumed = retryCaseTeam(team, T0);
    expect(resumed).toMatchObject({ state: 'created', teamId: TEAM, reference: 'C-0123456789AB', attempts: 0 });
    expect(nextCaseTeamStep(resumed, facts()).kind).toBe('addMembers');
  });

  it('every record it produces is a valid stored document', () => {
    const records = [fresh(), created(), apply(created(), { kind: 'attemptFailed', error: 'x' }, T0), retryCaseTeam({ ...created(), state: 'failed', resumeState: 'requested' }, T0)];
    for (const r of records) expect(CaseTeamSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(JSON.parse(JSON.stringify(r)));
  });
});
