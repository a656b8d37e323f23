import { evaluateTemplate, parseTemplate } from '../../../../../flows/engine/expressions';
import { FlowExpressionError } from '../../../../../flows/engine/contracts';
import { fixedContext } from './date-time-harness';

/** The date functions as flows reach them: through the registry, the parser and the evaluator. */
describe('date functions inside expressions', () => {
  const ctx = fixedContext('2024-03-05T09:07:03Z');
  const evaluate = (text: string): unknown => evaluateTemplate(parseTemplate(text), ctx);

  it('are found case-insensitively, as lower-case names occur in real exports', () => {
    expect(evaluate('@adddays(utcnow(), 1)')).toBe('2024-03-06T09:07:03.0000000Z');
  });

  it('nest and interpolate like the corpus expressions', () => {
    expect(evaluate("@{formatDateTime(addDays(utcNow(), -1), 'dd-MM-yyyy')}")).toBe('04-03-2024');
    expect(evaluate("@addDays(startOfMonth(addToTime(utcNow(), 1, 'Month')), -1, 'yyyy-MM-dd')")).toBe('2024-03-31');
    expect(evaluate("@convertFromUtc(utcNow(), 'Central European Standard Time')")).toBe('2024-03-05T10:07:03.0000000');
    expect(evaluate('@dayOfWeek(utcNow())')).toBe(2);
  });

  it('surface bad input as a FlowExpressionError naming the function', () => {
    expect(() => evaluate("@addDays('not a date', 1)")).toThrow(FlowExpressionError);
    expect(() => evaluate("@addDays('not a date', 1)")).toThrow(/In function 'addDays', 'not a date' is not a valid timestamp/);
  });
});
