/**
 * What goes wrong when a user hands the analytics bad numbers. Analytics never answers NaN: an input
 * it cannot give a meaning to is refused with one of these, naming the row, the code or the sector so
 * the user can find it in the file, and a `kind` that services and the API can map to a message or a
 * status without parsing text.
 */
export type AnalyticsInputProblem =
  /** A value below zero where only amounts (exports, employment, output) make sense. */
  | 'negative-value'
  /** NaN or ±Infinity where a number was expected. */
  | 'not-a-number'
  /** Two rows for the same (time, location, product). */
  | 'duplicate-row'
  /** Nothing to compute on: no rows, or every value zero. */
  | 'empty-input'
  /** Arrays that should line up (rows × columns, one value per location…) do not. */
  | 'shape-mismatch'
  /** A location has no population although the chosen presence test needs it. */
  | 'missing-population'
  /** Shares, growth or indices asked of a total that is zero. */
  | 'zero-total'
  /** ECI/PCI cannot be told apart (fewer than two locations, or all alike). */
  | 'complexity-undefined'
  /** (I − A) cannot be inverted. */
  | 'singular-matrix'
  /** The input-output system cannot meet a positive final demand (Hawkins–Simon fails). */
  | 'non-productive'
  /** A parameter outside its documented range (threshold, k, number of years). */
  | 'invalid-option';

export class AnalyticsInputError extends Error {
  override readonly name = 'AnalyticsInputError';

  constructor(
    readonly problem: AnalyticsInputProblem,
    message: string,
    /** 0-based indices into the input rows the message talks about (first row = 0). */
    readonly rows: readonly number[] = [],
  ) {
    super(message);
  }
}
