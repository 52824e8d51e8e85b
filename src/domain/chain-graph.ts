/**
 * A chain is a directed acyclic graph: an edge says which node supplies which. A cycle would make
 * "upstream" meaningless, so it is an error naming the nodes on it.
 */
export interface ChainEdge {
  from: string;
  to: string;
}

/** Returns the nodes of one cycle (in order) if the graph has one, else null. */
export function findCycle(nodes: readonly string[], edges: readonly ChainEdge[]): string[] | null {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) next.get(e.from)?.push(e.to);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'visiting');
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const s = state.get(to);
      if (s === 'visiting') return [...path.slice(path.indexOf(to)), to];
      if (s === undefined) {
        const cycle = visit(to);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of nodes) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}
