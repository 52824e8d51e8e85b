import { analyticsMessages } from '../analytics/messages.ts';
import { chainMessages } from '../chain/messages.ts';
import { clustersMessages } from '../clusters/messages.ts';
import { deskMessages } from '../desk/messages.ts';
import { documentsMessages } from '../documents/messages.ts';
import { governanceMessages } from '../governance/messages.ts';
import { opportunityMessages } from '../opportunities/messages.ts';
import { parksMessages } from '../parks/messages.ts';

/**
 * The pages' own label sets (see define-messages.ts), merged into each language by locales.ts.
 * One line per feature.
 */
export const FEATURE_MESSAGES = [
  // one line per feature, so pages added at the same time do not collide
  analyticsMessages,
  chainMessages,
  clustersMessages,
  parksMessages,
  opportunityMessages,
  documentsMessages,
  governanceMessages,
  deskMessages,
] as const;

type KeysOf<F> = F extends { en: infer E } ? keyof E & string : never;
export type FeatureKey = KeysOf<(typeof FEATURE_MESSAGES)[number]>;
