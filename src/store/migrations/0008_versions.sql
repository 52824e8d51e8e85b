-- Row versions for concurrent edits (issue 11, item 5; docs/reliability.md, "Concurrent edits").
-- Every entity row carries row_version, starting at 1. The API answers it as the ETag of GET
-- /api/<entity>/:key and refuses a write that names an older one (409), so no update is lost.
-- (Named row_version, not version: chain.version is already the chain template's own version.)
--
-- Kept by a trigger rather than by each UPDATE statement: rows are changed by imports (one generic
-- upsert per kind), by services and by future code, and a version that one writer forgets to raise lets
-- a stale write through. The trigger raises it on every update that changes the row — and only then:
-- re-importing a file with the same figures leaves versions (and so clients' ETags) as they were. An
-- update that sets row_version itself gets the same +1 (the API uses that to mark a change of child
-- rows, e.g. a review added to a task). Inserts start at 1 (the default); a restore writes rows back with
-- their triggers disabled, so versions come back as they were backed up.
-- Tables added by later migrations add the column and trigger themselves (bump_row_version is shared).

create function bump_row_version() returns trigger language plpgsql as $$
begin
  new.row_version := old.row_version + 1;
  return new;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array[
    'region', 'industry', 'unit', 'metric', 'document', 'park', 'chain', 'chain_node', 'cluster',
    'enterprise', 'enterprise_node', 'supply_link', 'indicator', 'target', 'plan', 'action', 'task',
    'task_review', 'project', 'land_parcel', 'incentive', 'service_request', 'enclave_agreement',
    'problem', 'service_routing_rule', 'evidence_fact'
  ] loop
    execute format('alter table %I add column row_version integer not null default 1 check (row_version >= 1)', t);
    execute format(
      'create trigger %I before update on %I for each row when (old.* is distinct from new.*) execute function bump_row_version()',
      t || '_row_version', t);
  end loop;
end $$;
