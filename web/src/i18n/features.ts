import { opportunityMessages } from '../opportunities/messages.ts';

/**
 * The pages' own label sets (see define-messages.ts), merged into each language by locales.ts.
 * One line per feature.
 */
export const FEATURE_MESSAGES = [
  // one line per feature, so pages added at the same time do not collide
  opportunityMessages,
] as const;

type KeysOf<F> = F extends { en: infer E } ? keyof E & string : never;
export type FeatureKey = KeysOf<(typeof FEATURE_MESSAGES)[number]>;
