-- Key tasks and enterprise service requests may name the chain they serve (issue 13, docs/chain-desk.md).
-- Until now both belonged only to a plan's or an enterprise's place, so a chain desk listed every overdue
-- task and late request of its scope, whichever chain they concerned: Huaping's PV desk and a carbon-chain
-- desk of the same park would show the same rows. With a chain, a desk lists what is tagged with its chain,
-- and keeps what carries no chain (most rows: a task list or a request rarely names one) as the scope's.
--
-- Nullable: untagged rows stay as they are. Deleting a chain template unlinks its tasks and requests
-- (set null) rather than deleting what a department recorded.
alter table task add column chain_id integer references chain (id) on delete set null;
alter table service_request add column chain_id integer references chain (id) on delete set null;
create index task_chain_idx on task (chain_id);
create index service_request_chain_idx on service_request (chain_id);
