/**
 * Field schemas for rows read from spreadsheets. Cells arrive as strings (CSV), numbers, dates or
 * booleans (XLSX) or typed values (JSON, YAML); these schemas accept each form a person would write and
 * say, when they reject one, what was expected, in words a user can act on.
 */
import { z } from 'zod';
import { creditCodeProblem } from './credit-code.ts';
import { PERIOD_FORMATS, parseDay, parsePeriod } from './period.ts';

const REQUIRED = 'a value (this column is required)';

/** Empty cells, whitespace-only strings and nulls mean "not given". */
function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
}

function expecting(expected: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED : expected) };
}

function toNumber(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  // Thousands separators and spaces as officials type them: "1,234.5", "1 234,5" is not accepted.
  const cleaned = v.replace(/[,\s]/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned) ? Number(cleaned) : v;
}

/**
 * An optional column: an empty cell (""), whitespace or null is "not given". The blank must be turned
 * into undefined before `optional` looks at it — zod's optional only lets `undefined` through, and a
 * spreadsheet's empty cell arrives as "".
 */
export const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const text = () => z.preprocess(blankToUndefined, z.string(expecting('text')));
export const optText = () => opt(text());

export const code = () =>
  z.preprocess(
    blankToUndefined,
    z
      .union([z.string(), z.number().transform(String)], expecting('a code'))
      .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'a code of letters, digits, . _ - /')),
  );
export const optCode = () => opt(code());

export const number = (expected = 'a number') =>
  z.preprocess(toNumber, z.number(expecting(expected)).finite(expected));
export const nonNegative = () => number('a number ≥ 0').pipe(z.number().min(0, 'a number ≥ 0'));
export const optNumber = () => opt(number());
export const optNonNegative = () => opt(nonNegative());
export const fraction = () =>
  number('a fraction between 0 and 1').pipe(
    z.number().min(0, 'a fraction between 0 and 1').max(1, 'a fraction between 0 and 1'),
  );

export const year = () =>
  number('a year such as 2025').pipe(
    z.number().int('a year such as 2025').min(1900, 'a year such as 2025').max(2200, 'a year such as 2025'),
  );

const TRUE = new Set(['true', 'yes', 'y', '1', '是', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', 'f']);
export const bool = () =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : v;
      if (typeof v !== 'string') return v;
      const lower = v.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : v;
    },
    z.boolean(expecting('true or false')),
  );
export const optBool = () => opt(bool());

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' ? v.toLowerCase().replace(/[\s-]+/g, '_') : v;
    },
    z.enum(values, expecting(`one of ${values.join(', ')}`)),
  );

/** A list: a YAML/JSON list, or text separated by ';' (or '；' and '、', as Chinese spreadsheets have it). */
export const list = () =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (v === undefined) return [];
      if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
      if (typeof v === 'number') return [String(v)];
      if (typeof v === 'string')
        return v
          .split(/[;；、]/)
          .map((x) => x.trim())
          .filter((x) => x !== '');
      return v;
    },
    z.array(z.string(), expecting('a list separated by ;')),
  );

export const period = () =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return typeof v === 'number' ? String(v) : v;
    },
    z.string(expecting(`a period: ${PERIOD_FORMATS}`)).transform((v, ctx) => {
      const parsed = parsePeriod(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: `a period: ${PERIOD_FORMATS}` });
        return z.NEVER;
      }
      return parsed;
    }),
  );
export const optPeriod = () => opt(period());

export const day = () =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return v instanceof Date ? v.toISOString().slice(0, 10) : v;
    },
    z.string(expecting('a date YYYY-MM-DD')).transform((v, ctx) => {
      const parsed = parseDay(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: 'a date YYYY-MM-DD' });
        return z.NEVER;
      }
      return parsed;
    }),
  );
export const optDay = () => opt(day());

const CREDIT_EXPECTED: Record<string, string> = {
  length: 'an 18-character unified social credit code',
  character:
    'a unified social credit code (digits and capitals except I, O, S, V, Z; characters 3–8 a region code)',
  check: 'a unified social credit code with a valid check character (the 18th)',
};
export const creditCode = () =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' ? v.toUpperCase() : v;
    },
    z.string(expecting(CREDIT_EXPECTED.length!)).superRefine((v, ctx) => {
      const problem = creditCodeProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_EXPECTED[problem]! });
    }),
  );
export const optCreditCode = () => opt(creditCode());
