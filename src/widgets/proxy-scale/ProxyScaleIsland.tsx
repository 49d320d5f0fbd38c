import { useState } from 'preact/hooks';
import type { ScaleRow } from '../../model/views/proxy-scale.ts';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { en } from './messages.ts';
import { SCALE_ENDPOINTS, SCALE_SIZES } from './sizes.ts';

interface Props {
  /** The rows for the default endpoints per Service, counted at build time (ScaleRow[] as JSON). */
  initialJson: string;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}

const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const bytes = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(0)} KB` : `${b} B`);
const ms = (x?: number) => (x === undefined ? '—' : x < 10 ? `${x.toFixed(1)} ms` : `${n(x)} ms`);

function Table({ caption, corner, rows, lines }: { caption: string; corner: string; rows: ScaleRow[]; lines: { label: string; value(r: ScaleRow): string; measured?: boolean }[] }) {
  return (
    <div class="nl-scale__wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">{corner}</th>{rows.map((r) => <th scope="col" key={r.services}>{n(r.services)}</th>)}</tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.label} class={l.measured ? 'is-measured' : undefined}>
              <th scope="row">{l.label}</th>
              {rows.map((r) => <td key={r.services}>{l.value(r)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ProxyScaleIsland({ initialJson, lang }: Props) {
  const t = wordsIn(WORDS, lang);
  const [rows, setRows] = useState<ScaleRow[]>(() => JSON.parse(initialJson));
  const [endpoints, setEndpoints] = useState(rows[0]?.endpointsPerService ?? SCALE_ENDPOINTS[1]);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  /** Renders every size again in the engine worker, timed there; the counts come back with the times. */
  const measure = async (perService: number) => {
    setEndpoints(perService);
    setError('');
    try {
      const { pageCluster } = await import('../shared/page-cluster.ts');
      const c = pageCluster('proxy-scale');
      const next: ScaleRow[] = [];
      for (const services of SCALE_SIZES) {
        setBusy(fill(t.rendering, { services: n(services), endpoints: perService }));
        const row = await c.call('proxyScale', { services, endpointsPerService: perService });
        if ('error' in row) throw new Error(row.error);
        next.push(row);
      }
      setRows(next);
    } catch (e) {
      setError((e as Error).message);
    }
    setBusy('');
  };

  const measured = rows.some((r) => r.iptables.renderMs !== undefined);
  return (
    <div class="nl-widget nl-scale not-content">
      <div class="nl-scale__controls">
        <label>
          {t.endpointsPerService}{' '}
          <select value={String(endpoints)} disabled={!!busy} onChange={(e) => void measure(Number(e.currentTarget.value))}>
            {SCALE_ENDPOINTS.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
        <button type="button" disabled={!!busy} onClick={() => void measure(endpoints)}>{measured ? t.measureAgain : t.measure}</button>
        <span class="nl-small" role="status">{busy}</span>
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      <Table caption={t.iptablesCaption} corner={t.services} rows={rows} lines={[
        { label: t.iptablesRules, value: (r) => n(r.iptables.rules) },
        { label: t.chains, value: (r) => n(r.iptables.chains) },
        { label: t.restoreInput, value: (r) => bytes(r.iptables.bytes) },
        { label: t.comparedAverage, value: (r) => r.iptables.comparedAverage.toLocaleString('en-US', { maximumFractionDigits: 1 }) },
        { label: t.comparedWorst, value: (r) => n(r.iptables.comparedWorst) },
        { label: t.writeTime, value: (r) => ms(r.iptables.renderMs), measured: true },
        { label: t.readTime, value: (r) => ms(r.iptables.loadMs), measured: true },
      ]} />
      <Table caption={t.ipvsCaption} corner={t.services} rows={rows} lines={[
        { label: t.virtualServers, value: (r) => n(r.ipvs.virtualServers) },
        { label: t.realServers, value: (r) => n(r.ipvs.realServers) },
        { label: t.ipsetEntries, value: (r) => n(r.ipvs.ipsetEntries) },
        { label: t.iptablesRules, value: (r) => n(r.ipvs.rules) },
        { label: t.ipvsCompared, value: (r) => n(r.ipvs.compared) },
        { label: t.buildTime, value: (r) => ms(r.ipvs.renderMs), measured: true },
        { label: t.loadTime, value: (r) => ms(r.ipvs.loadMs), measured: true },
      ]} />
      <p class="nl-small">
        {rows[0] ? `${rows[0].endpointsPerService === 1 ? t.perService1 : fill(t.perService, { n: rows[0].endpointsPerService })} ` : ''}
        {fill(t.about, { when: measured ? t.justMeasured : t.notMeasured })}
      </p>
    </div>
  );
}
