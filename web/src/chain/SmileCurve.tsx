import './chain.css';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

export interface StageCoverage {
  stage: string;
  nodes: number;
  present: number;
  coverage: number | null;
}
export interface SmileCoverage {
  left: { nodes: number; present: number; coverage: number | null };
  middle: { nodes: number; present: number; coverage: number | null };
  right: { nodes: number; present: number; coverage: number | null };
}

const WIDTH = 480;
const HEIGHT = 200;
const TOP = 24;
const DEPTH = 100;

/** From pale to the "present" green by the share of a stage's nodes the scope has. */
function fillOf(coverage: number | null): string {
  if (coverage === null) return '#ffffff';
  const from = [236, 239, 241];
  const to = [27, 127, 59];
  const [r, g, b] = from.map((f, i) => Math.round(f + (to[i]! - f) * coverage));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Shih's smile curve (value added high at the ends of a chain, low in the middle) with the chain's stages
 * along it in the API's order (src/domain/vocabulary.ts SMILE_STAGES), each filled by its coverage.
 */
export function SmileCurve({ byStage, smile }: { byStage: StageCoverage[]; smile: SmileCoverage }) {
  const i18n = useI18n();
  const { t } = i18n;
  const n = byStage.length;
  const x = (i: number) => 40 + (i * (WIDTH - 80)) / Math.max(n - 1, 1);
  // A parabola through the ends (high) and the middle (low).
  const y = (i: number) => {
    const u = n > 1 ? (2 * i) / (n - 1) - 1 : 0;
    return TOP + DEPTH * (1 - u * u);
  };
  const curve = Array.from({ length: 41 }, (_, k) => {
    const i = (k / 40) * (n - 1);
    return `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(i).toFixed(1)}`;
  }).join(' ');
  const pct = (v: number | null) =>
    v === null ? t('chain.smile.none') : i18n.number(v, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <figure className="chart smile" data-testid="smile-curve">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('chain.smile.title')}>
        <path d={curve} fill="none" stroke="#8a94a6" strokeWidth={2} strokeDasharray="5 4" />
        {byStage.map((s, i) => {
          const label = t(`chain.stage.${s.stage}` as MessageKey);
          return (
            <g key={s.stage} data-stage={s.stage}>
              <circle
                cx={x(i)}
                cy={y(i)}
                r={s.nodes ? 8 + Math.min(s.nodes, 8) : 6}
                fill={fillOf(s.coverage)}
                stroke={s.nodes ? '#1b5e20' : '#b0bec5'}
                strokeDasharray={s.nodes ? undefined : '3 2'}
              >
                <title>
                  {t('chain.smile.point', {
                    stage: label,
                    present: i18n.number(s.present),
                    nodes: i18n.number(s.nodes),
                  })}
                </title>
              </circle>
              {/* Labels on two alternating rows, so neighbouring stage names do not run into each other. */}
              <text x={x(i)} y={HEIGHT - (i % 2 ? 8 : 30)} textAnchor="middle" className="smile-label">
                {label} {s.nodes ? `${i18n.number(s.present)}/${i18n.number(s.nodes)}` : '—'}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="smile-ends">
          {(['left', 'middle', 'right'] as const).map((end) => (
            <li key={end} data-end={end}>
              {t(`chain.smile.${end}`)}: <bdi>{pct(smile[end].coverage)}</bdi> (
              {i18n.number(smile[end].present)}/{i18n.number(smile[end].nodes)})
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
