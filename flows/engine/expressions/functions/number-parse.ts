/**
 * Reading numbers out of text the way .NET's Double/Int64/Decimal.TryParse do with the number
 * styles Logic Apps uses: surrounding white space, a leading sign (and, where allowed, a
 * trailing one: `'200-'`), group separators in the integer part (`'1,000'`), a decimal point
 * and an exponent, each only where the style allows it.
 */

export interface NumberStyle {
  readonly decimalPoint: boolean;
  readonly exponent: boolean;
  readonly thousands: boolean;
  readonly trailingSign: boolean;
}

export interface NumberSeparators {
  readonly decimal: string;
  readonly group: string;
}

export const INVARIANT_SEPARATORS: NumberSeparators = { decimal: '.', group: ',' };

/** Integer style plus exponent and thousands (isInt). */
export const INTEGER_STYLE: NumberStyle = { decimalPoint: false, exponent: true, thousands: true, trailingSign: false };
/** Float style plus thousands, as int() parses (then requires an integral value). */
export const INT_CONVERSION_STYLE: NumberStyle = { decimalPoint: true, exponent: true, thousands: true, trailingSign: false };
/** Float | Number: float() and isFloat(). */
export const FLOAT_STYLE: NumberStyle = { decimalPoint: true, exponent: true, thousands: true, trailingSign: true };
/** Number: decimal() (no exponent). */
export const DECIMAL_STYLE: NumberStyle = { decimalPoint: true, exponent: false, thousands: true, trailingSign: true };

const SPACE_LIKE = /^[\s\u00a0\u202f]$/;

/** The number in `text`, or undefined when the style does not accept it. Never NaN or Infinity. */
export function parseNumberText(text: string, style: NumberStyle, separators: NumberSeparators = INVARIANT_SEPARATORS): number | undefined {
  let body = text.trim();
  let negative = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  } else if (style.trailingSign && (body.endsWith('+') || body.endsWith('-'))) {
    negative = body.endsWith('-');
    body = body.slice(0, -1).trimEnd();
  }
  let normalized = '';
  let index = 0;
  let digits = 0;
  const groupIsSpace = SPACE_LIKE.test(separators.group);
  // Integer part, with group separators where allowed.
  while (index < body.length) {
    const ch = body[index];
    if (ch >= '0' && ch <= '9') {
      normalized += ch;
      digits++;
      index++;
    } else if (style.thousands && digits > 0 && (body.startsWith(separators.group, index) || (groupIsSpace && SPACE_LIKE.test(ch)))) {
      index += body.startsWith(separators.group, index) ? separators.group.length : 1;
    } else {
      break;
    }
  }
  if (style.decimalPoint && body.startsWith(separators.decimal, index)) {
    index += separators.decimal.length;
    normalized += '.';
    while (index < body.length && body[index] >= '0' && body[index] <= '9') {
      normalized += body[index++];
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (style.exponent && (body[index] === 'e' || body[index] === 'E')) {
    const match = /^[eE][+-]?[0-9]+/.exec(body.slice(index));
    if (match === null) return undefined;
    normalized += match[0];
    index += match[0].length;
  }
  if (index !== body.length) return undefined;
  const value = Number(normalized);
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/** 2^63: the first integer past Int64.MaxValue, exactly representable as a double. */
const INT64_LIMIT = 2 ** 63;

/** Int64 range (as far as a double can tell). */
export function fitsInt64(value: number): boolean {
  return value >= -INT64_LIMIT && value < INT64_LIMIT;
}
