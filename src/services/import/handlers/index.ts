import type { ImportKind, ImportRow } from '../../../domain/import-rows.ts';
import { chains } from './chains.ts';
import { enterpriseNodes, enterprises, supplyLinks } from './enterprises.ts';
import { indicators, metrics, targets } from './figures.ts';
import type { KindHandler } from './handler.ts';
import {
  actions,
  enclaveAgreements,
  incentives,
  landParcels,
  plans,
  problems,
  projects,
  serviceRequests,
  taskReviews,
  tasks,
} from './operations.ts';
import { clusters, documents, parks, regions } from './places.ts';
import { standardLandContracts } from './standard-land.ts';

export const HANDLERS: { [K in ImportKind]: KindHandler<ImportRow<K>> } = {
  documents,
  regions,
  metrics,
  parks,
  chains,
  clusters,
  enterprises,
  enterprise_nodes: enterpriseNodes,
  supply_links: supplyLinks,
  indicators,
  targets,
  plans,
  actions,
  tasks,
  task_reviews: taskReviews,
  projects,
  land_parcels: landParcels,
  standard_land_contracts: standardLandContracts,
  incentives,
  service_requests: serviceRequests,
  enclave_agreements: enclaveAgreements,
  problems,
};
