/**
 * The pages other than the map and the sign-in form, each loaded when first opened: one bundle of every
 * page made the first screen wait for code it does not show (525 kB before this split), and each page
 * added to it grows that wait. The region map (the first page after signing in) and the sign-in form stay
 * in the main bundle.
 */
import { lazy } from 'react';

export const AnalyticsPage = lazy(() =>
  import('../analytics/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })),
);
export const ChainPage = lazy(() => import('../chain/ChainPage.tsx').then((m) => ({ default: m.ChainPage })));
export const ClustersPage = lazy(() =>
  import('../clusters/ClustersPage.tsx').then((m) => ({ default: m.ClustersPage })),
);
export const DataPage = lazy(() => import('../data/DataPage.tsx').then((m) => ({ default: m.DataPage })));
export const DeskPage = lazy(() => import('../desk/DeskPage.tsx').then((m) => ({ default: m.DeskPage })));
export const DocumentsPage = lazy(() =>
  import('../documents/DocumentsPage.tsx').then((m) => ({ default: m.DocumentsPage })),
);
export const GovernancePage = lazy(() =>
  import('../governance/GovernancePage.tsx').then((m) => ({ default: m.GovernancePage })),
);
export const OpportunitiesPage = lazy(() =>
  import('../opportunities/OpportunitiesPage.tsx').then((m) => ({ default: m.OpportunitiesPage })),
);
export const ParksPage = lazy(() => import('../parks/ParksPage.tsx').then((m) => ({ default: m.ParksPage })));
export const WorkPage = lazy(() => import('../work/WorkPage.tsx').then((m) => ({ default: m.WorkPage })));
