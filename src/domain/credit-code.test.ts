import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './credit-code.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  // Published codes of real enterprises (company registry pages): Huawei Technologies Co., Ltd. and
  // Tencent Technology (Shenzhen) Co., Ltd.
  it('accepts published codes', () => {
    expect(isValidCreditCode('914403001922038216')).toBe(true);
    expect(isValidCreditCode('9144030071526726XG')).toBe(true);
  });

  it('computes the check character from the first 17', () => {
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
  });

  it('says what is wrong', () => {
    expect(creditCodeProblem('91440300192203821')).toBe('length');
    expect(creditCodeProblem('91440300192203821I')).toBe('character');
    expect(creditCodeProblem('914403001922038217')).toBe('check');
    expect(creditCodeProblem('91ABCDEF1922038216')).toBe('character');
  });
});
