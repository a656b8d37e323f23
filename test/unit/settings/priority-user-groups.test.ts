import { NotFoundError, ValidationError } from '../../../core/errors';
import {
  addPriorityUserGroupMembers,
  createPriorityUserGroup,
  deletePriorityUserGroup,
  removePriorityUserGroupMembers,
  updatePriorityUserGroup,
} from '../../../core/settings/priority-user-groups';
import { defaultSettings } from '../../../core/settings/settings-defaults';
import { parseSettings } from '../../../core/settings/settings';

const now = new Date('2026-03-01T10:00:00.000Z');
const base = defaultSettings(now);
const upns = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `user${from + i}@contoso.com`);

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const executives = { name: 'Executives', description: 'C-suite', members: ['CEO@contoso.com'], viewers: ['insiderriskmanagementinvestigators', 'ciso@contoso.com'] };

describe('priority user groups', () => {
  it('creates a group with normalised members and viewers, bumping the settings version', () => {
    const { settings, group } = createPriorityUserGroup(base, executives, 'admin@contoso.com', now);
    expect(group).toEqual({
      name: 'Executives',
      description: 'C-suite',
      members: ['ceo@contoso.com'],
      viewers: ['InsiderRiskManagementInvestigators', 'ciso@contoso.com'],
    });
    expect(settings.priorityUserGroups).toEqual([group]);
    expect(settings.version).toBe(base.version + 1);
  });

  it('reports every problem of a new group at once', () => {
    const error = failure(() => createPriorityUserGroup(base, { name: '', members: ['bob'], viewers: [], colour: 'red' }, 'a', now));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'colour', reason: 'unknown field; did you mean "name"?' },
      { field: 'name', reason: 'expected a name of 1 to 64 printable characters; got ""' },
      { field: 'members[0]', reason: 'expected a user principal name such as ada@contoso.com; got "bob"' },
      { field: 'viewers', reason: 'name at least one viewer: a user or an IRM role group' },
    ]);
  });

  it('suggests the role group a viewer probably meant', () => {
    const error = failure(() => createPriorityUserGroup(base, { name: 'X', viewers: ['InsiderRiskManagementAnalyst'] }, 'a', now)) as ValidationError;
    expect(error.issues[0]).toEqual({
      field: 'viewers[0]',
      reason:
        'expected a user principal name or one of InsiderRiskManagement, InsiderRiskManagementAnalysts, InsiderRiskManagementInvestigators; got "InsiderRiskManagementAnalyst" (did you mean InsiderRiskManagementAnalysts?)',
    });
  });

  it('keeps group names unique without regard to case', () => {
    const { settings } = createPriorityUserGroup(base, executives, 'a', now);
    const error = failure(() => createPriorityUserGroup(settings, { ...executives, name: 'EXECUTIVES' }, 'a', now)) as ValidationError;
    expect(error.issues).toEqual([{ field: 'name', reason: 'a priority user group named "EXECUTIVES" already exists' }]);
  });

  it('accepts 10,000 members and refuses the 10,001st', () => {
    const { settings } = createPriorityUserGroup(base, { ...executives, members: upns(10_000) }, 'a', now);
    expect(settings.priorityUserGroups[0].members).toHaveLength(10_000);
    const error = failure(() => addPriorityUserGroupMembers(settings, 'executives', ['one.more@contoso.com'], 'a', now)) as ValidationError;
    expect(error.issues).toEqual([
      { field: 'members', reason: 'a priority user group has at most 10,000 members; "Executives" has 10,000 and adding 1 would make 10,001' },
    ]);
    const tooMany = failure(() => createPriorityUserGroup(base, { ...executives, members: upns(10_001) }, 'a', now)) as ValidationError;
    expect(tooMany.issues).toEqual([{ field: 'members', reason: 'a priority user group has at most 10,000 members' }]);
  });

  it('adds members idempotently and removes them, refusing non-members', () => {
    const created = createPriorityUserGroup(base, executives, 'a', now).settings;
    const added = addPriorityUserGroupMembers(created, 'Executives', ['cfo@contoso.com', 'CEO@contoso.com'], 'a', now);
    expect(added.group.members).toEqual(['ceo@contoso.com', 'cfo@contoso.com']);
    expect(addPriorityUserGroupMembers(added.settings, 'Executives', ['cfo@contoso.com'], 'a', now).settings).toBe(added.settings);
    const removed = removePriorityUserGroupMembers(added.settings, 'Executives', ['ceo@contoso.com'], 'a', now);
    expect(removed.group.members).toEqual(['cfo@contoso.com']);
    expect((failure(() => removePriorityUserGroupMembers(removed.settings, 'Executives', ['ceo@contoso.com'], 'a', now)) as ValidationError).issues).toEqual([
      { field: 'members', reason: '"ceo@contoso.com" is not a member of "Executives"' },
    ]);
  });

  it('never renames a group', () => {
    const created = createPriorityUserGroup(base, executives, 'a', now).settings;
    const error = failure(() => updatePriorityUserGroup(created, 'Executives', { name: 'Leaders', description: 'x' }, 'a', now)) as ValidationError;
    expect(error.issues).toEqual([
      { field: 'name', reason: 'the name of a priority user group cannot be changed after creation (it is "Executives"); create a new group and delete this one instead' },
    ]);
    const updated = updatePriorityUserGroup(created, 'executives', { name: 'Executives', description: 'Board and C-suite' }, 'a', now);
    expect(updated.group).toMatchObject({ name: 'Executives', description: 'Board and C-suite' });
  });

  it('deletes a group and names the closest one when the name is wrong', () => {
    const created = createPriorityUserGroup(base, executives, 'a', now).settings;
    expect(deletePriorityUserGroup(created, 'Executives', 'a', now).settings.priorityUserGroups).toEqual([]);
    const error = failure(() => deletePriorityUserGroup(created, 'Executive', 'a', now));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('no priority user group named "Executive"; did you mean "Executives"?');
  });

  it('round-trips through the settings schema', () => {
    const { settings } = createPriorityUserGroup(base, executives, 'a', now);
    expect(parseSettings(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });
});
