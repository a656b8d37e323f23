import { parseArguments, stripMentions, tokenize } from '../../../bot/commands/command-text';
import { ValidationError } from '../../../core/errors';

describe('command text: what Teams sends, as words and options', () => {
  it('strips the bot mention, other markup and the entities Teams encodes', () => {
    expect(stripMentions('<at>Insider Risk</at> alerts --status NeedsReview')).toBe('alerts --status NeedsReview');
    expect(stripMentions('<at>IRM</at>&nbsp;domains allow <b>contoso.com</b>')).toBe('domains allow  contoso.com');
    expect(stripMentions('<p>policy create {&quot;name&quot;: &quot;R&amp;D&quot;}</p>')).toBe('policy create {"name": "R&D"}');
    // Non-breaking and zero-width spaces from the Teams client are plain spaces.
    expect(stripMentions('settings\u00a0set\u200btimeframes.activationWindowDays 14')).toBe('settings set timeframes.activationWindowDays 14');
  });

  it('splits on whitespace; straight, single and typographic quotes group words', () => {
    expect(tokenize('priority-group   create  "Board members"')).toEqual(['priority-group', 'create', 'Board members']);
    expect(tokenize("exclusions add keywords 'top secret' draft")).toEqual(['exclusions', 'add', 'keywords', 'top secret', 'draft']);
    expect(tokenize('dismiss --notes \u201cknown project\u201d --reason 2')).toEqual(['dismiss', '--notes', 'known project', '--reason', '2']);
    expect(tokenize('roles add analysts \u2018Grace Hopper\u2019')).toEqual(['roles', 'add', 'analysts', 'Grace Hopper']);
    // An empty quoted word is still a word.
    expect(tokenize('settings set x ""')).toEqual(['settings', 'set', 'x', '']);
  });

  it('refuses an unbalanced quote, saying which one', () => {
    let error: unknown;
    try {
      tokenize('dismiss --notes "forgot to close');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('unbalanced " quote: close it, or leave quotes out');
    expect((error as ValidationError).issues).toEqual([{ field: 'command', reason: 'unbalanced quote' }]);
    expect(() => tokenize("it's")).toThrow("unbalanced ' quote");
  });

  it('reads --option value, --option=value and bare flags; names are case-insensitive', () => {
    const parsed = parseArguments(['A-1', '--Severity', 'High', '--from=2026-03-01', '--to=', '--json', '--limit', '5', 'B-2'], ['json']);
    expect(parsed.positionals).toEqual(['A-1', 'B-2']);
    expect([...parsed.options]).toEqual([
      ['severity', 'High'],
      ['from', '2026-03-01'],
      ['to', ''],
      ['json', true],
      ['limit', '5'],
    ]);
  });

  it('takes an option followed by another option, or by nothing, as a flag; a lone -- is a word', () => {
    const parsed = parseArguments(['--notes', '--reason', '2', '--', '--verbose']);
    expect([...parsed.options]).toEqual([
      ['notes', true],
      ['reason', '2'],
      ['verbose', true],
    ]);
    expect(parsed.positionals).toEqual(['--']);
  });
});
