import { useState } from 'preact/hooks';
import type { ScaleRow } from '../../model/views/proxy-scale.ts';
import { SCALE_ENDPOINTS, SCALE_SIZES } from './sizes.ts';

interface Props {
  /** The rows for the default endpoints per Service, counted at build time (ScaleRow[] as JSON). */
  initialJson: string;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const bytes = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(0)} KB` : `${b} B`);
const ms = (x?: number) => (x === undefined ? '—' : x < 10 ? `${x.toFixed(1)} ms` : `${n(x)} ms`);

function Table({ caption, rows, lines }: { caption: string; rows: ScaleRow[]; lines: { label: string; value(r: ScaleRow): string; measured?: boolean }[] }) {
  return (
    <div class="nl-scale__wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">Services</th>{rows.map((r) => <th scope="col" key={r.services}>{n(r.services)}</th>)}</tr>
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

export default function ProxyScaleIsland({ initialJson }: Props) {
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
        setBusy(`Rendering ${n(services)} Services × ${perService} endpoints …`);
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
          Endpoints per Service{' '}
          <select value={String(endpoints)} disabled={!!busy} onChange={(e) => void measure(Number(e.currentTarget.value))}>
            {SCALE_ENDPOINTS.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
        <button type="button" disabled={!!busy} onClick={() => void measure(endpoints)}>{measured ? 'Measure again' : 'Measure on this device'}</button>
        <span class="nl-small" role="status">{busy}</span>
      </div>
      {error && <p class="nl-note nl-error" role="alert">{error}</p>}
      <Table caption="iptables mode: one full sync" rows={rows} lines={[
        { label: 'iptables rules kube-proxy writes', value: (r) => n(r.iptables.rules) },
        { label: 'chains', value: (r) => n(r.iptables.chains) },
        { label: 'iptables-restore input', value: (r) => bytes(r.iptables.bytes) },
        { label: 'KUBE-SERVICES rules compared per new connection (average)', value: (r) => r.iptables.comparedAverage.toLocaleString('en-US', { maximumFractionDigits: 1 }) },
        { label: '… at worst', value: (r) => n(r.iptables.comparedWorst) },
        { label: 'model’s time: write the input', value: (r) => ms(r.iptables.renderMs), measured: true },
        { label: 'model’s time: read it back as iptables does', value: (r) => ms(r.iptables.loadMs), measured: true },
      ]} />
      <Table caption="ipvs mode: one full sync" rows={rows} lines={[
        { label: 'IPVS virtual servers', value: (r) => n(r.ipvs.virtualServers) },
        { label: 'real servers', value: (r) => n(r.ipvs.realServers) },
        { label: 'ipset entries', value: (r) => n(r.ipvs.ipsetEntries) },
        { label: 'iptables rules kube-proxy writes', value: (r) => n(r.ipvs.rules) },
        { label: 'KUBE-SERVICES rules compared per new connection, then one hash lookup', value: (r) => n(r.ipvs.compared) },
        { label: 'model’s time: build servers and sets', value: (r) => ms(r.ipvs.renderMs), measured: true },
        { label: 'model’s time: load them', value: (r) => ms(r.ipvs.loadMs), measured: true },
      ]} />
      <p class="nl-small">
        {rows[0] ? `${rows[0].endpointsPerService} endpoint${rows[0].endpointsPerService === 1 ? '' : 's'} per Service. ` : ''}
        Counts: the model’s rules for made-up ClusterIP Services. Times: this site’s TypeScript model on your device, {measured ? 'just measured' : 'not measured yet'};
        they show how the work grows, not what kube-proxy (Go) or the kernel take.
      </p>
    </div>
  );
}
