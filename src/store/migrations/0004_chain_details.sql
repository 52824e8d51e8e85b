-- Chain template details (issue 4): each node's key products, and the input share an edge carries when
-- it is known (the part of the buying node's purchased inputs that comes from the supplying node), which
-- weights chain completeness.
alter table chain_node add column key_products text[] not null default '{}';
alter table chain_edge add column input_share double precision check (input_share between 0 and 1);
