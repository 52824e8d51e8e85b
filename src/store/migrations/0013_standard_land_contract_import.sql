-- Standard-land contracts can be imported from a park's ledger (import kind standard_land_contracts,
-- docs/import-formats.md). Every other imported table carries the provenance columns of 0001 (the
-- document the row's source names, the file and row it came from); standard_land_contract (0007) was
-- written only by the API and had source and quote alone. With the file and row kept, a contract says
-- which spreadsheet line committed the park to its figures, and the import's scope check
-- (services/import/write-scope.ts) names the row of a contract on a parcel outside the importer's parks
-- instead of refusing the file without a row. Contracts recorded through the API keep these null.
alter table standard_land_contract add column document_id integer references document (id);
alter table standard_land_contract add column import_file text;
alter table standard_land_contract add column import_row integer;
