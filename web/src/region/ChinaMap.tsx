import { geoConicEqualArea, geoPath } from 'd3-geo';
import { type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { loadChinaGeo, type RegionCollection, type RegionFeature } from './chinaGeo.ts';

const WIDTH = 760;
const HEIGHT = 560;
const NO_VALUE = '#e7e9ee';

/** Light to dark teal by the square root of value / max, so a few large values do not wash out the rest. */
export function choroplethColour(value: number, max: number): string {
  const t = max > 0 ? Math.sqrt(Math.max(0, value) / max) : 0;
  const from = [204, 236, 230];
  const to = [0, 88, 96];
  const [r, g, b] = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

export interface ChinaMapProps {
  /** null: all of China by province; a province code: that province by prefecture. */
  province: string | null;
  values: ReadonlyMap<string, number>;
  selected: string | null;
  label: string;
  nameOf: (feature: RegionFeature) => string;
  formatValue: (value: number) => string;
  onSelect: (code: string) => void;
}

export function ChinaMap({
  province,
  values,
  selected,
  label,
  nameOf,
  formatValue,
  onSelect,
}: ChinaMapProps) {
  const { t } = useI18n();
  const [geo, setGeo] = useState<RegionCollection | null>(null);
  useEffect(() => {
    let current = true;
    loadChinaGeo(province ? 'prefectures' : 'provinces').then(
      (g) => current && setGeo(g),
      // Without boundaries the map stays empty; the figures beside it still show.
      () => current && setGeo({ type: 'FeatureCollection', features: [] }),
    );
    return () => {
      current = false;
    };
  }, [province]);

  const features = useMemo(
    () => geo?.features.filter((f) => (province ? f.id.slice(0, 2) === province.slice(0, 2) : true)) ?? [],
    [geo, province],
  );
  const path = useMemo(() => {
    const projection = geoConicEqualArea().parallels([25, 47]).rotate([-105, 0]);
    projection.fitExtent(
      [
        [8, 8],
        [WIDTH - 8, HEIGHT - 8],
      ],
      { type: 'FeatureCollection', features } as never,
    );
    return geoPath(projection);
  }, [features]);
  const max = Math.max(0, ...values.values());

  const activate = (event: KeyboardEvent, code: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(code);
    }
  };

  return (
    <figure className="map">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG map of focusable regions, not a form group */}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={label} data-testid="china-map">
        {features.map((f) => {
          const value = values.get(f.id);
          const name = nameOf(f);
          const text = `${name}: ${value === undefined ? t('region.noValue') : formatValue(value)}`;
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG region cannot be a <button>
            <path
              key={f.id}
              d={path(f as never) ?? ''}
              fill={value === undefined ? NO_VALUE : choroplethColour(value, max)}
              className={f.id === selected ? 'region selected' : 'region'}
              data-code={f.id}
              role="button"
              tabIndex={0}
              aria-label={text}
              onClick={() => onSelect(f.id)}
              onKeyDown={(e) => activate(e, f.id)}
            >
              <title>{text}</title>
            </path>
          );
        })}
      </svg>
      <figcaption className="legend">
        {/* The ramp runs from 0 to the largest value drawn, both given in the figure's own format. */}
        <span data-testid="legend-low">
          {t('region.legendLow')}
          {values.size > 0 && ` (${formatValue(0)})`}
        </span>
        <span className="ramp" aria-hidden="true" />
        <span data-testid="legend-high">
          {t('region.legendHigh')}
          {values.size > 0 && ` (${formatValue(max)})`}
        </span>
        <span className="swatch" style={{ background: NO_VALUE }} aria-hidden="true" />
        <span>{t('region.noValue')}</span>
      </figcaption>
    </figure>
  );
}
