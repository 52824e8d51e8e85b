/**
 * The dependency gate CI runs before the tests (scripts/audit-gate.mjs, issue 11 item 9): high and
 * critical advisories fail the build unless README.md names them; an audit that could not be run is
 * reported as unchecked, never as a pass in disguise.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain ESM script without type declarations
import { judgeAudit, knownAdvisories } from '../scripts/audit-gate.mjs';

const README = `# x

## Known advisories

- \`xlsx-old\`: only parses files the user uploads to a sandbox; no fixed release exists (reviewed 2026-11).

## Licence
`;

function report(vulnerabilities: Record<string, { severity: string; via?: unknown[] }>) {
  return { vulnerabilities, metadata: { vulnerabilities: { high: 1 } } };
}

describe('audit gate', () => {
  it('reads the reviewed exceptions from the README', () => {
    expect([...knownAdvisories(README).keys()]).toEqual(['xlsx-old']);
    expect(knownAdvisories('# no section').size).toBe(0);
  });

  it('fails on a high or critical finding the README does not name', () => {
    const verdict = judgeAudit(
      report({ 'left-pad': { severity: 'critical', via: [{ title: 'Prototype pollution' }] } }),
      README,
    );
    expect(verdict.verdict).toBe('fail');
    expect(verdict.lines[0]).toMatch(/critical in left-pad \(Prototype pollution\).*Known advisories/);
  });

  it('passes a named exception, and low or moderate findings', () => {
    const verdict = judgeAudit(
      report({
        'xlsx-old': { severity: 'high', via: [{ title: 'ReDoS' }] },
        debug: { severity: 'moderate', via: ['ms'] },
      }),
      README,
    );
    expect(verdict.verdict).toBe('pass');
    expect(verdict.lines[0]).toMatch(/accepted in README: only parses/);
  });

  it('says "unchecked" when the advisory service cannot be asked', () => {
    const verdict = judgeAudit(
      {
        message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      },
      README,
    );
    expect(verdict.verdict).toBe('unchecked');
    expect(verdict.lines[0]).toMatch(/could not be asked \(405/);
  });
});
