/**
 * Grading schemes on disk: the presets shipped in data/governance/schemes/ and any file a user names.
 * A scheme's code must equal its file name, as a chain template's does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GradingScheme, parseScheme, SchemeError } from '../../domain/governance/scheme.ts';
import { OperationError } from '../operations/common.ts';

export const SCHEMES_DIR = fileURLToPath(new URL('../../../data/governance/schemes/', import.meta.url));

/** Reads and checks one scheme file; `displayName` is how errors name it. */
export function loadSchemeFile(path: string, displayName = path): GradingScheme {
  const scheme = parseScheme(readFileSync(path, 'utf8'), displayName);
  const expected = basename(path).replace(/\.ya?ml$/, '');
  if (scheme.code !== expected)
    throw new SchemeError([
      {
        file: displayName,
        line: 1,
        path: 'code',
        reason: `the code (${scheme.code}) equals the file name (${expected})`,
      },
    ]);
  return scheme;
}

export function presetCodes(): string[] {
  return readdirSync(SCHEMES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A shipped preset by its code; 404 naming the presets when there is none. */
export function presetScheme(code: string): GradingScheme {
  const codes = presetCodes();
  if (!codes.includes(code))
    throw new OperationError(404, `no grading scheme "${code}"; the presets are: ${codes.join(', ')}`);
  return loadSchemeFile(`${SCHEMES_DIR}${code}.yaml`, `data/governance/schemes/${code}.yaml`);
}

/** What a list of schemes shows: code, names, the document it reproduces. */
export function schemeSummaries() {
  return presetCodes().map((code) => {
    const s = presetScheme(code);
    return {
      code: s.code,
      version: s.version,
      name_zh: s.name_zh,
      name_en: s.name_en ?? null,
      assessment_year: s.assessmentYear ?? null,
      source: { title: s.source.title, issuer: s.source.issuer, date: s.source.date, url: s.source.url },
      grades: s.bands ? s.bands.grades.map((g) => g.grade) : [],
    };
  });
}
