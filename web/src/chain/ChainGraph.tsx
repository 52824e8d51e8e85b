import type { ChainNode, DiagnosedNode } from '../app/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { layeredLayout } from './layeredLayout.ts';

const NODE_W = 160;
const NODE_H = 46;
const COL_W = 200;
const ROW_H = 62;

/** Drops the parenthesised detail of a long node name; the full name is in the node's tooltip. */
const shortName = (name: string) => name.replace(/\s*[(（].*[)）]\s*$/, '');

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  if (words.length === 1)
    return text.length > width ? [text.slice(0, width), text.slice(width, 2 * width)] : [text];
  const lines: string[] = [''];
  for (const word of words) {
    const line = lines[lines.length - 1]!;
    if (line && line.length + word.length + 1 > width) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  return lines.slice(0, 2);
}

export function ChainGraph({
  nodes,
  diagnosis,
  selected,
  label,
  onSelect,
}: {
  nodes: ChainNode[];
  diagnosis: DiagnosedNode[];
  selected: string | null;
  label: string;
  onSelect: (key: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = new Map(diagnosis.map((d) => [d.key, d]));
  const placed = layeredLayout(nodes.map((n) => ({ key: n.code, seq: n.seq, suppliers: n.suppliers })));
  const at = new Map(placed.map((p) => [p.key, { x: 10 + p.layer * COL_W, y: 10 + p.row * ROW_H }]));
  const width = 20 + (Math.max(0, ...placed.map((p) => p.layer)) + 1) * COL_W - (COL_W - NODE_W);
  const height = 20 + Math.max(1, ...placed.map((p) => p.row + 1)) * ROW_H;

  return (
    <div className="graph-wrap" dir="ltr">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing of focusable nodes, not a form group */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        style={{ width: '100%', maxWidth: width, minWidth: width * 0.7, height: 'auto' }}
        role="group"
        aria-label={label}
        data-testid="chain-graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#8a94a6" />
          </marker>
        </defs>
        {nodes.flatMap((n) =>
          n.suppliers
            .filter((s) => at.has(s))
            .map((s) => {
              const from = at.get(s)!;
              const to = at.get(n.code)!;
              const x1 = from.x + NODE_W;
              const y1 = from.y + NODE_H / 2;
              const x2 = to.x - 2;
              const y2 = to.y + NODE_H / 2;
              const mid = (x1 + x2) / 2;
              return (
                <path
                  key={`${s}>${n.code}`}
                  className="edge"
                  d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                  markerEnd="url(#arrow)"
                />
              );
            }),
        )}
        {nodes.map((n) => {
          const d = status.get(n.code);
          const p = at.get(n.code)!;
          const name = i18n.name(n.name_zh, n.name_en);
          const state = d?.status ?? 'missing';
          const downstreamGap = state === 'missing' && d?.gap_side === 'downstream';
          const description = `${name}: ${t(`chain.status.${state}` as MessageKey)}${downstreamGap ? ` — ${t('chain.missingDownstream')}` : ''}`;
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
            <g
              key={n.code}
              transform={`translate(${p.x},${p.y})`}
              className={`node status-${state}${downstreamGap ? ' gap-downstream' : ''}${selected === n.code ? ' selected' : ''}`}
              data-node={n.code}
              data-status={state}
              role="button"
              tabIndex={0}
              aria-label={description}
              aria-pressed={selected === n.code}
              onClick={() => onSelect(n.code)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(n.code);
                }
              }}
            >
              <title>{description}</title>
              <rect width={NODE_W} height={NODE_H} rx="6" />
              {wrap(shortName(name), i18n.locale === 'zh-CN' ? 11 : 22).map((line, i, lines) => (
                <text
                  key={line}
                  x={NODE_W / 2}
                  y={NODE_H / 2 + (i - (lines.length - 1) / 2) * 15 + 5}
                  textAnchor="middle"
                >
                  {/* Lines split at a space keep it, so the name read out is the name shown (axe). */}
                  {i < lines.length - 1 && shortName(name).startsWith(`${line} `) ? `${line} ` : line}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
