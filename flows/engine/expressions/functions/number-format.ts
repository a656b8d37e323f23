import { expressionError } from './args';

/**
 * `formatNumber`: .NET numeric format strings (`number.ToString(format, locale)`), which is what
 * Logic Apps runs. Standard formats C, D, E, F, G, N, P, R, X (with an optional precision such as
 * `N2`) and custom formats built from `0`, `#`, `.`, `,`, `%`, `‰`, `E+0`, quoted literals, `\`
 * escapes and `;` sections. Separators, minus sign, percent sign and currency come from the
 * locale through Intl.NumberFormat.
 */

interface NumberSymbols {
  readonly locale: string;
  readonly decimal: string;
  readonly group: string;
  readonly minus: string;
  readonly percent: string;
}

/** .NET's invariant culture (`''`). */
const INVARIANT: NumberSymbols = { locale: 'en-US', decimal: '.', group: ',', minus: '-', percent: '%' };

const symbolCache = new Map<string, NumberSymbols>();

/** The number symbols of a locale such as `en-US`, `de-DE`, `fr-FR` (case-insensitive); `''` is invariant. */
export function numberSymbols(fn: string, locale: string): NumberSymbols {
  if (locale === '') return INVARIANT;
  const cached = symbolCache.get(locale);
  if (cached !== undefined) return cached;
  let canonical: string;
  try {
    [canonical] = Intl.getCanonicalLocales(locale);
  } catch {
    throw expressionError(`${fn} expects a locale name such as 'en-US'; '${locale}' is not one`);
  }
  if (canonical === undefined || Intl.NumberFormat.supportedLocalesOf(canonical).length === 0) {
    throw expressionError(`${fn} does not know the locale '${locale}'`);
  }
  const parts = new Intl.NumberFormat(canonical, { useGrouping: true }).formatToParts(-1234567.5);
  const part = (type: string, fallback: string): string => parts.find((p) => p.type === type)?.value ?? fallback;
  const percent = new Intl.NumberFormat(canonical, { style: 'percent' }).formatToParts(1).find((p) => p.type === 'percentSign')?.value ?? '%';
  const symbols: NumberSymbols = { locale: canonical, decimal: part('decimal', '.'), group: part('group', ','), minus: part('minusSign', '-'), percent };
  symbolCache.set(locale, symbols);
  return symbols;
}

/** ISO 4217 currency of a region, for the `C` format (Intl needs one; .NET takes it from the culture). */
const REGION_CURRENCIES: Readonly<Record<string, string>> = {
  US: 'USD', GB: 'GBP', IE: 'EUR', DE: 'EUR', FR: 'EUR', IT: 'EUR', ES: 'EUR', NL: 'EUR', BE: 'EUR', AT: 'EUR', FI: 'EUR',
  PT: 'EUR', GR: 'EUR', LU: 'EUR', SK: 'EUR', SI: 'EUR', EE: 'EUR', LV: 'EUR', LT: 'EUR', MT: 'EUR', CY: 'EUR', HR: 'EUR',
  CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON', BG: 'BGN', TR: 'TRY',
  RU: 'RUB', UA: 'UAH', IL: 'ILS', AE: 'AED', SA: 'SAR', IN: 'INR', CN: 'CNY', JP: 'JPY', KR: 'KRW', HK: 'HKD', SG: 'SGD',
  TW: 'TWD', AU: 'AUD', NZ: 'NZD', CA: 'CAD', MX: 'MXN', BR: 'BRL', AR: 'ARS', CL: 'CLP', CO: 'COP', ZA: 'ZAR',
};

function currencyOf(fn: string, symbols: NumberSymbols): string {
  const region = new Intl.Locale(symbols.locale).maximize().region;
  const currency = region === undefined ? undefined : REGION_CURRENCIES[region];
  if (currency === undefined) throw expressionError(`${fn} does not know the currency of the locale '${symbols.locale}' for the 'C' format`);
  return currency;
}

/**
 * `value` formatted with `format` in `locale`. `integer` says the value is an integer (not a
 * float that happens to be integral): `D` and `X` accept only integers, as in .NET.
 */
export function formatDotNetNumber(fn: string, value: number, format: string, locale: string, integer: boolean): string {
  if (!Number.isFinite(value)) throw expressionError(`${fn} expects a finite number; got ${String(value)}`);
  const symbols = numberSymbols(fn, locale);
  if (format === '') return formatGeneral(value, undefined, 'E', symbols);
  const standard = /^([A-Za-z])([0-9]{0,2})$/.exec(format);
  if (standard !== null) return formatStandard(fn, value, standard[1], standard[2] === '' ? undefined : Number(standard[2]), symbols, integer);
  return formatCustom(value, format, symbols);
}

function formatStandard(fn: string, value: number, letter: string, precision: number | undefined, symbols: NumberSymbols, integer: boolean): string {
  const upper = letter.toUpperCase();
  switch (upper) {
    case 'C': {
      const currency = currencyOf(fn, symbols);
      const digits = precision ?? new Intl.NumberFormat(symbols.locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      return new Intl.NumberFormat(symbols.locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'negative' }).format(value);
    }
    case 'D': {
      if (!integer || !Number.isInteger(value)) throw expressionError(`${fn} format '${letter}' works only with integers; got ${String(value)}`);
      const digits = integerDigits(Math.abs(value)).padStart(precision ?? 0, '0');
      return (value < 0 ? symbols.minus : '') + digits;
    }
    case 'E': {
      const digits = precision ?? 6;
      const [mantissa, exponent] = Math.abs(value).toExponential(digits).split('e');
      const exponentValue = Number(exponent);
      const text = `${mantissa.replace('.', symbols.decimal)}${letter}${exponentValue < 0 ? '-' : '+'}${String(Math.abs(exponentValue)).padStart(3, '0')}`;
      return withSign(value, text, symbols);
    }
    case 'F':
    case 'N': {
      const [whole, fraction] = fixed(Math.abs(value), precision ?? 2);
      const grouped = upper === 'N' ? groupDigits(whole, symbols.group) : whole;
      const text = fraction === '' ? grouped : `${grouped}${symbols.decimal}${fraction}`;
      return withSign(value, text, symbols);
    }
    case 'P': {
      const digits = precision ?? 2;
      return new Intl.NumberFormat(symbols.locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'negative' }).format(value);
    }
    case 'G':
      return formatGeneral(value, precision === 0 ? undefined : precision, letter === 'g' ? 'e' : 'E', symbols);
    case 'R':
      return formatGeneral(value, undefined, letter === 'r' ? 'e' : 'E', symbols);
    case 'X': {
      if (!integer || !Number.isInteger(value)) throw expressionError(`${fn} format '${letter}' works only with integers; got ${String(value)}`);
      // Negative integers print as their 64-bit two's complement, as Int64.ToString("X") does.
      const hex = BigInt.asUintN(64, BigInt(value)).toString(16).padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      throw expressionError(`${fn} does not know the format '${letter}${precision ?? ''}'; use C, D, E, F, G, N, P, R, X (with an optional precision) or a custom format such as '#,##0.00'`);
  }
}

/**
 * `G`: `precision` significant digits (the shortest round-trip digits without one), printed
 * fixed-point when -5 < exponent < precision (15 for the shortest form) and scientific otherwise.
 */
function formatGeneral(value: number, precision: number | undefined, exponentLetter: 'E' | 'e', symbols: NumberSymbols): string {
  const abs = Math.abs(value);
  const [mantissa, exponent] = (precision === undefined ? abs.toExponential() : abs.toExponential(precision - 1)).split('e');
  const exponentValue = Number(exponent);
  let text: string;
  if (exponentValue > -5 && exponentValue < (precision ?? 15)) {
    text = precision === undefined ? String(abs) : trimFraction(Number(`${mantissa}e${exponent}`).toFixed(Math.max(0, precision - 1 - exponentValue)));
  } else {
    text = `${trimFraction(mantissa)}${exponentLetter}${exponentValue < 0 ? '-' : '+'}${String(Math.abs(exponentValue)).padStart(2, '0')}`;
  }
  return withSign(value, text.replace('.', symbols.decimal), symbols);
}

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Prefixes the minus sign unless the printed digits are all zero (no "-0.00"). */
function withSign(value: number, text: string, symbols: NumberSymbols): string {
  return value < 0 && /[1-9]/.test(text.replace(/[eE][+-]?[0-9]+$/, '')) ? symbols.minus + text : text;
}

/** Digits of a non-negative integer-valued number, without exponent notation. */
function integerDigits(abs: number): string {
  return abs < 1e21 ? abs.toFixed(0) : BigInt(abs).toString();
}

/** What Number.prototype.toFixed can produce. */
const MAX_FRACTION_DIGITS = 100;

/** `abs` rounded to `digits` decimals (half away from zero on the exact binary value), as [whole, fraction]. */
function fixed(abs: number, digits: number): [string, string] {
  if (digits > MAX_FRACTION_DIGITS) throw expressionError(`formatNumber can show at most ${MAX_FRACTION_DIGITS} decimal places; the format asks for ${digits}`);
  if (abs >= 1e21) return [BigInt(Math.round(abs)).toString(), '0'.repeat(digits)];
  const text = abs.toFixed(digits);
  const point = text.indexOf('.');
  return point < 0 ? [text, ''] : [text.slice(0, point), text.slice(point + 1)];
}

function groupDigits(digits: string, separator: string): string {
  let out = '';
  for (let index = 0; index < digits.length; index++) {
    if (index > 0 && (digits.length - index) % 3 === 0) out += separator;
    out += digits[index];
  }
  return out;
}

// ─── Custom formats ─────────────────────────────────────────────────────────────────────────

type CustomToken =
  | { readonly kind: 'digit'; readonly zero: boolean }
  | { readonly kind: 'point' }
  | { readonly kind: 'comma' }
  | { readonly kind: 'percent' }
  | { readonly kind: 'permille' }
  | { readonly kind: 'exponent'; readonly letter: string; readonly plus: boolean; readonly digits: number }
  | { readonly kind: 'literal'; readonly text: string };

/** Splits on `;` outside quotes and escapes. */
function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let index = 0; index < format.length; index++) {
    const ch = format[index];
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '\\' && index + 1 < format.length) {
      current += ch + format[++index];
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
    } else if (ch === ';') {
      sections.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  sections.push(current);
  return sections;
}

function tokenize(section: string): CustomToken[] {
  const tokens: CustomToken[] = [];
  for (let index = 0; index < section.length; index++) {
    const ch = section[index];
    if (ch === '0' || ch === '#') tokens.push({ kind: 'digit', zero: ch === '0' });
    else if (ch === '.') tokens.push({ kind: 'point' });
    else if (ch === ',') tokens.push({ kind: 'comma' });
    else if (ch === '%') tokens.push({ kind: 'percent' });
    else if (ch === '‰') tokens.push({ kind: 'permille' });
    else if (ch === '\\') tokens.push({ kind: 'literal', text: section[++index] ?? '' });
    else if (ch === "'" || ch === '"') {
      const close = section.indexOf(ch, index + 1);
      const end = close < 0 ? section.length : close;
      tokens.push({ kind: 'literal', text: section.slice(index + 1, end) });
      index = end;
    } else if ((ch === 'E' || ch === 'e') && /^[+-]?0/.test(section.slice(index + 1))) {
      let cursor = index + 1;
      let plus = false;
      if (section[cursor] === '+' || section[cursor] === '-') plus = section[cursor++] === '+';
      let digits = 0;
      while (section[cursor] === '0') {
        digits++;
        cursor++;
      }
      tokens.push({ kind: 'exponent', letter: ch, plus, digits });
      index = cursor - 1;
    } else tokens.push({ kind: 'literal', text: ch });
  }
  return tokens;
}

interface SectionLayout {
  readonly tokens: readonly CustomToken[];
  /** Index of the first `.` (or where the number part ends). */
  readonly pointAt: number;
  /** Index of the exponent token, or tokens.length. */
  readonly exponentAt: number;
  readonly integerPlaceholders: number;
  readonly minIntegerDigits: number;
  readonly maxFractionDigits: number;
  readonly minFractionDigits: number;
  readonly grouping: boolean;
  /** Multiply by this (percent, per mille, scaling commas). */
  readonly scale: number;
}

function analyse(section: string): SectionLayout {
  const tokens = tokenize(section);
  const exponentIndex = tokens.findIndex((t) => t.kind === 'exponent');
  const exponentAt = exponentIndex < 0 ? tokens.length : exponentIndex;
  const pointIndex = tokens.findIndex((t, i) => t.kind === 'point' && i < exponentAt);
  const pointAt = pointIndex < 0 ? exponentAt : pointIndex;
  const integerTokens = tokens.slice(0, pointAt);
  const fractionTokens = tokens.slice(pointAt + 1, exponentAt);
  const integerDigitTokens = integerTokens.filter((t): t is Extract<CustomToken, { kind: 'digit' }> => t.kind === 'digit');
  const firstZero = integerDigitTokens.findIndex((t) => t.zero);
  const fractionDigitTokens = fractionTokens.filter((t): t is Extract<CustomToken, { kind: 'digit' }> => t.kind === 'digit');
  let lastFractionZero = -1;
  fractionDigitTokens.forEach((t, i) => {
    if (t.zero) lastFractionZero = i;
  });
  // Commas right after the last integer placeholder scale by 1000 each; a comma between placeholders groups.
  const lastDigit = integerTokens.map((t) => t.kind).lastIndexOf('digit');
  let scalingCommas = 0;
  for (let i = lastDigit + 1; i < integerTokens.length && integerTokens[i].kind === 'comma'; i++) scalingCommas++;
  const firstDigit = integerTokens.findIndex((t) => t.kind === 'digit');
  const grouping = integerTokens.some((t, i) => t.kind === 'comma' && i > firstDigit && i < lastDigit && firstDigit >= 0);
  let scale = 1000 ** -scalingCommas;
  for (const t of tokens) {
    if (t.kind === 'percent') scale *= 100;
    if (t.kind === 'permille') scale *= 1000;
  }
  return {
    tokens,
    pointAt,
    exponentAt,
    integerPlaceholders: integerDigitTokens.length,
    minIntegerDigits: firstZero < 0 ? 0 : integerDigitTokens.length - firstZero,
    maxFractionDigits: fractionDigitTokens.length,
    minFractionDigits: lastFractionZero + 1,
    grouping,
    scale,
  };
}

function formatCustom(value: number, format: string, symbols: NumberSymbols): string {
  const sections = splitSections(format);
  const negativeSection = sections.length > 1 && sections[1] !== '' ? sections[1] : undefined;
  const zeroSection = sections.length > 2 && sections[2] !== '' ? sections[2] : undefined;
  if (value === 0 && zeroSection !== undefined) return renderSection(0, analyse(zeroSection), symbols).text;
  if (value < 0 && negativeSection !== undefined) {
    // The negative section prints the magnitude; a value that rounds to zero uses the first (or zero) section.
    const rendered = renderSection(-value, analyse(negativeSection), symbols);
    if (rendered.nonZero) return rendered.text;
    return renderSection(0, analyse(zeroSection ?? sections[0]), symbols).text;
  }
  const rendered = renderSection(Math.abs(value), analyse(sections[0]), symbols);
  return value < 0 && rendered.nonZero ? symbols.minus + rendered.text : rendered.text;
}

function renderSection(abs: number, layout: SectionLayout, symbols: NumberSymbols): { text: string; nonZero: boolean } {
  const { tokens, pointAt, exponentAt } = layout;
  let number = abs * layout.scale;
  let exponentText = '';
  const exponentToken = tokens[exponentAt];
  if (exponentToken?.kind === 'exponent') {
    const leading = Math.max(1, layout.integerPlaceholders);
    let exponent = number === 0 ? 0 : Math.floor(Math.log10(number)) - (leading - 1);
    let mantissa = number / 10 ** exponent;
    if (Number(mantissa.toFixed(layout.maxFractionDigits)) >= 10 ** leading) {
      exponent += 1;
      mantissa = number / 10 ** exponent;
    }
    number = mantissa;
    const sign = exponent < 0 ? '-' : exponentToken.plus ? '+' : '';
    exponentText = `${exponentToken.letter}${sign}${String(Math.abs(exponent)).padStart(exponentToken.digits, '0')}`;
  }
  const [whole, rawFraction] = fixed(number, layout.maxFractionDigits);
  let fraction = rawFraction;
  while (fraction.length > layout.minFractionDigits && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  let integerText = whole === '0' && layout.minIntegerDigits === 0 ? '' : whole;
  integerText = integerText.padStart(layout.minIntegerDigits, '0');
  const nonZero = /[1-9]/.test(whole + rawFraction);

  // Each digit is a unit; with grouping a unit carries the separator that precedes it.
  const units = [...integerText].map((digit, i) => (layout.grouping && i > 0 && (integerText.length - i) % 3 === 0 ? symbols.group + digit : digit));
  const integerOut: string[] = [];
  let placeholdersLeft = layout.integerPlaceholders;
  for (let i = pointAt - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token.kind === 'digit') {
      placeholdersLeft--;
      integerOut.unshift(placeholdersLeft === 0 ? units.splice(0).join('') : (units.pop() ?? ''));
    } else {
      integerOut.unshift(renderOther(token, symbols));
    }
  }
  if (layout.integerPlaceholders === 0) integerOut.push(units.join(''));

  let out = integerOut.join('');
  if (fraction !== '') out += symbols.decimal;
  let fractionIndex = 0;
  for (let i = pointAt + 1; i < exponentAt; i++) {
    const token = tokens[i];
    if (token.kind === 'digit') out += fraction[fractionIndex++] ?? '';
    else out += renderOther(token, symbols);
  }
  out += exponentText;
  for (let i = exponentAt + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'digit') out += renderOther(token, symbols);
  }
  return { text: out, nonZero };
}

function renderOther(token: CustomToken, symbols: NumberSymbols): string {
  switch (token.kind) {
    case 'literal':
      return token.text;
    case 'percent':
      return symbols.percent;
    case 'permille':
      return '‰';
    default:
      return '';
  }
}
