import { ValidationError, type ValidationIssue } from '../errors';
import { closestName } from './closest-name';
import {
  type ListEntry,
  type ListSettingDefinition,
  SETTING_DEFINITIONS,
  SETTING_NAMES,
  type SettingDefinition,
  type SettingName,
  type SettingValue,
  allowedValues,
} from './describe-settings';
import { formatCount, quote, splitListText } from './setting-values';
import { type DomainListName, type Settings, SettingsSchema, domainListConflicts } from './settings';
import { issuesFromZod } from './validation-issues';

/**
 * Changing one global setting from text typed in chat or on the command line. Every function
 * returns the new settings (version bumped, stamped with actor and time) together with the
 * change, for the audit log; nothing is mutated. An unchanged value returns the settings as they
 * were, so a repeated command does not bump the version.
 */

export interface SettingChange {
  readonly name: SettingName;
  readonly before: SettingValue;
  readonly after: SettingValue;
}

export interface SettingUpdate {
  readonly settings: Settings;
  readonly change: SettingChange;
}

export interface SettingUpdateOptions {
  /** The indicator catalogue's ids; when given, `indicators.enabled` accepts only these. */
  readonly knownIndicators?: ReadonlySet<string>;
}

/** Resolves a typed setting name (case-insensitive); an unknown name fails with the closest valid one. */
export function resolveSettingName(name: string): SettingName {
  const wanted = name.trim().toLowerCase();
  const found = SETTING_NAMES.find((n) => n.toLowerCase() === wanted);
  if (found !== undefined) return found;
  const suggestion = closestName(name, SETTING_NAMES);
  const hint = suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`;
  throw new ValidationError(`unknown setting ${quote(name.trim())}${hint}`, [
    { field: name.trim(), reason: `not a setting${hint === '' ? '' : hint.replace(/^; /, ', ')}` },
  ]);
}

function definitionFor(name: string): SettingDefinition {
  const resolved = resolveSettingName(name);
  const definition = SETTING_DEFINITIONS.find((d) => d.name === resolved);
  if (definition === undefined) throw new Error(`no definition for setting ${resolved}`);
  return definition;
}

/** Fails with one message naming the setting, each reason phrased to follow the name. */
function settingFailure(name: SettingName, reasons: readonly string[]): ValidationError {
  const issues: ValidationIssue[] = reasons.map((reason) => ({ field: name, reason }));
  return new ValidationError(reasons.map((r) => `${name} ${r}`).join('; '), issues);
}

/** A value as shown after "got": numbers bare, other text quoted. */
function shown(raw: string): string {
  const text = raw.trim();
  return /^[+-]?\d+(?:\.\d+)?$/.test(text) ? text : quote(text);
}

function parseInteger(definition: Extract<SettingDefinition, { kind: 'integer' }>, raw: string): number {
  let text = raw.trim();
  if (definition.unit === 'days') text = text.replace(/\s*(?:days?|d)$/i, '');
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < definition.min || value > definition.max) {
    throw settingFailure(definition.name, [`must be a ${allowedValues(definition)}; got ${shown(raw)}`]);
  }
  return value;
}

const TRUE_WORDS = new Set(['yes', 'true', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'off']);

function parseBoolean(name: SettingName, raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw settingFailure(name, [`must be yes or no (also true/false, on/off); got ${shown(raw)}`]);
}

function parseEnum(definition: Extract<SettingDefinition, { kind: 'enum' }>, raw: string): string {
  const word = raw.trim().toLowerCase();
  const value = definition.values.find((v) => v.toLowerCase() === word) ?? (Object.hasOwn(definition.aliases, word) ? definition.aliases[word] : undefined);
  if (value !== undefined) return value;
  const suggestion = closestName(raw, definition.values);
  const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  throw settingFailure(definition.name, [`must be one of ${definition.values.join(', ')}; got ${shown(raw)}${hint}`]);
}

interface ParsedEntries {
  readonly entries: ListEntry[];
  readonly reasons: string[];
}

/** Parses list text entry by entry, collecting every bad entry, dropping repeats. */
function parseEntries(definition: ListSettingDefinition, raw: string, options: SettingUpdateOptions): ParsedEntries {
  const entries: ListEntry[] = [];
  const reasons: string[] = [];
  const seen = new Set<string>();
  const known = definition.name === 'indicators.enabled' ? options.knownIndicators : undefined;
  const knownList = known === undefined ? [] : [...known];
  splitListText(raw).forEach((text, index) => {
    const parsed = definition.parseEntry(text);
    if (!parsed.ok) {
      reasons.push(`entry ${index + 1}: ${parsed.reason}`);
      return;
    }
    const value = parsed.value;
    if (known !== undefined && typeof value === 'string' && !known.has(value)) {
      const suggestion = closestName(value, knownList);
      reasons.push(`entry ${index + 1}: unknown indicator ${quote(value)}${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`);
      return;
    }
    const key = definition.key(value);
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(value);
  });
  return { entries, reasons };
}

function domainListName(name: SettingName): DomainListName | undefined {
  if (name === 'domains.allowed') return 'allowed';
  if (name === 'domains.unallowed') return 'unallowed';
  if (name === 'domains.thirdParty') return 'thirdParty';
  return undefined;
}

/** Cross-list conflicts the change would introduce, phrased to follow the setting name. */
function conflictReasons(name: SettingName, next: Settings): string[] {
  if (domainListName(name) === undefined) return [];
  return domainListConflicts(next.domains).map((c) => `conflicts with another domain list: ${c.reason}`);
}

function stamp(settings: Settings, previous: Settings, actor: string, now: Date): Settings {
  return { ...settings, version: previous.version + 1, updatedAt: now.toISOString(), updatedBy: actor };
}

function finish(current: Settings, definition: SettingDefinition, next: Settings, actor: string, now: Date): SettingUpdate {
  const before = definition.get(current);
  const after = definition.get(next);
  if (JSON.stringify(before) === JSON.stringify(after)) return { settings: current, change: { name: definition.name, before, after } };
  const stamped = stamp(next, current, actor, now);
  // Belt and braces: the parsers above should make this unreachable, but a settings document
  // that fails its own schema must never be handed to a store.
  const checked = SettingsSchema.safeParse(stamped);
  if (!checked.success) {
    const issues = issuesFromZod(checked.error);
    throw new ValidationError(`${definition.name} would make the settings invalid: ${issues.map((i) => `${i.field}: ${i.reason}`).join('; ')}`, issues);
  }
  return { settings: checked.data, change: { name: definition.name, before, after: definition.get(checked.data) } };
}

function listDefinition(name: string, verb: string): ListSettingDefinition {
  const definition = definitionFor(name);
  if (definition.kind === 'list') return definition;
  throw settingFailure(definition.name, [`is not a list; use "set" to change it (${verb} works on list settings)`]);
}

function groupsRefusal(name: SettingName): ValidationError {
  return settingFailure(name, ['is changed with the priority user group commands (create, update, add or remove members, delete), not by a value']);
}

/**
 * Sets one setting from text. Numbers are whole numbers (days settings accept "7d" or "7 days"),
 * booleans yes/no, true/false or on/off, choices case-insensitive, lists comma-separated (the
 * whole list is replaced; `none` empties it).
 */
export function updateSetting(
  current: Settings,
  name: string,
  rawValue: string,
  actor: string,
  now: Date,
  options: SettingUpdateOptions = {},
): SettingUpdate {
  const definition = definitionFor(name);
  switch (definition.kind) {
    case 'integer':
      return finish(current, definition, definition.set(current, parseInteger(definition, rawValue)), actor, now);
    case 'boolean':
      return finish(current, definition, definition.set(current, parseBoolean(definition.name, rawValue)), actor, now);
    case 'enum':
      return finish(current, definition, definition.set(current, parseEnum(definition, rawValue)), actor, now);
    case 'groups':
      throw groupsRefusal(definition.name);
    case 'list': {
      const { entries, reasons } = parseEntries(definition, rawValue, options);
      if (entries.length > definition.maxEntries) {
        reasons.push(`accepts at most ${formatCount(definition.maxEntries)} entries; got ${formatCount(entries.length)}`);
      }
      const next = definition.set(current, entries);
      reasons.push(...conflictReasons(definition.name, next));
      if (reasons.length > 0) throw settingFailure(definition.name, reasons);
      return finish(current, definition, next, actor, now);
    }
  }
}

/** Adds entries to a list setting. Entries already present are left as they are. */
export function addSettingListEntries(
  current: Settings,
  name: string,
  rawEntries: string,
  actor: string,
  now: Date,
  options: SettingUpdateOptions = {},
): SettingUpdate {
  const definition = listDefinition(name, 'add');
  const { entries, reasons } = parseEntries(definition, rawEntries, options);
  const existing = definition.get(current);
  const present = new Set(existing.map((e) => definition.key(e)));
  const added = entries.filter((e) => !present.has(definition.key(e)));
  const total = existing.length + added.length;
  if (total > definition.maxEntries) {
    reasons.push(
      `accepts at most ${formatCount(definition.maxEntries)} entries; it has ${formatCount(existing.length)} and adding ${formatCount(added.length)} would make ${formatCount(total)}`,
    );
  }
  const next = definition.set(current, [...existing, ...added]);
  reasons.push(...conflictReasons(definition.name, next));
  if (reasons.length > 0) throw settingFailure(definition.name, reasons);
  return finish(current, definition, next, actor, now);
}

/** Removes entries from a list setting. An entry that is not in the list is an error (with the closest one). */
export function removeSettingListEntries(current: Settings, name: string, rawEntries: string, actor: string, now: Date): SettingUpdate {
  const definition = listDefinition(name, 'remove');
  const existing = definition.get(current);
  const reasons: string[] = [];
  const remove = new Set<string>();
  const existingKeys = existing.map((e) => definition.key(e));
  splitListText(rawEntries).forEach((text, index) => {
    const parsed = definition.parseEntry(text);
    // An entry that does not parse cannot be in the list either; say so rather than echo the syntax rule.
    const key = parsed.ok ? definition.key(parsed.value) : text.trim().toLowerCase();
    if (!existingKeys.includes(key)) {
      const suggestion = closestName(key, existing.map((e) => definition.format(e)));
      reasons.push(`entry ${index + 1}: ${quote(text.trim())} is not in the list${suggestion === undefined ? '' : `; did you mean ${quote(suggestion)}?`}`);
      return;
    }
    remove.add(key);
  });
  if (reasons.length > 0) throw settingFailure(definition.name, reasons);
  const next = definition.set(current, existing.filter((e) => !remove.has(definition.key(e))));
  return finish(current, definition, next, actor, now);
}

