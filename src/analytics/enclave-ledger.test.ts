import { describe, expect, it } from 'vitest';
import { enclaveCredits, shareEnclaveFigures } from './enclave-ledger.ts';

describe('enclave ledger', () => {
  it('50/50 tax sharing credits each region exactly once', () => {
    const figure = { enclave: 'E1', home: 'HOME', host: 'HOST', value: 100, homeShare: 0.5 };
    const credits = enclaveCredits([figure]);
    expect(credits).toEqual([
      { enclave: 'E1', region: 'HOME', side: 'home', share: 0.5, amount: 50 },
      { enclave: 'E1', region: 'HOST', side: 'host', share: 0.5, amount: 50 },
    ]);
    // By location the host reports 300 including the enclave's 100; the home region 200.
    const shared = shareEnclaveFigures(
      new Map([
        ['HOME', 200],
        ['HOST', 300],
      ]),
      [figure],
    );
    expect(shared.totals.get('HOME')).toBe(250);
    expect(shared.totals.get('HOST')).toBe(250);
    expect(shared.grandTotalShared).toBe(shared.grandTotalByLocation);
    expect(credits.filter((c) => c.region === 'HOME')).toHaveLength(1);
    expect(credits.filter((c) => c.region === 'HOST')).toHaveLength(1);
  });

  it('keeps the sum for awkward shares and several enclaves', () => {
    const figures = [
      { enclave: 'A', home: 'X', host: 'Y', value: 0.3, homeShare: 0.1 },
      { enclave: 'B', home: 'Y', host: 'Z', value: 1234.567, homeShare: 2 / 3 },
    ];
    for (const f of figures) {
      const [home, host] = enclaveCredits([f]);
      expect(home!.amount + host!.amount).toBeCloseTo(f.value, 12);
    }
    const shared = shareEnclaveFigures(
      new Map([
        ['Y', 10],
        ['Z', 2000],
      ]),
      figures,
    );
    expect(shared.grandTotalShared).toBeCloseTo(2010, 9);
  });

  it('refuses a share outside 0–1 and an enclave hosted by its home', () => {
    expect(() => enclaveCredits([{ enclave: 'A', home: 'X', host: 'Y', value: 1, homeShare: 1.2 }])).toThrow(
      /between 0 and 1/,
    );
    expect(() => enclaveCredits([{ enclave: 'A', home: 'X', host: 'X', value: 1, homeShare: 0.5 }])).toThrow(
      /same/,
    );
  });
});
