import { useId, useMemo, useState } from 'preact/hooks';
import type { InstanceType } from '../../model/catalog/types.ts';
import { CURRENT_CNI_VERSION, computeMaxPods, parseCniVersion, parseMaxEni } from '../../model/max-pods.ts';
import { loadCatalog } from '../shared/catalog.ts';
import { WorkedSteps } from '../shared/WorkedSteps.tsx';
import { fill, type Lang, loadWords, wordsIn } from '../shared/i18n.ts';
import { maxPodsKo } from '../shared/max-pods-words.ts';
import { en } from './messages.ts';

type Catalog = Awaited<ReturnType<typeof loadCatalog>>;
const SHOWN_MATCHES = 10;
const WORDS = await loadWords(en, () => import('./messages.ko.ts'));

function matchNames(names: string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return names.slice(0, SHOWN_MATCHES);
  const starts = names.filter((n) => n.startsWith(q));
  const contains = names.filter((n) => !n.startsWith(q) && n.includes(q));
  return [...starts, ...contains].slice(0, SHOWN_MATCHES);
}

export default function MaxPodsCalculator({ initial, lang }: {
  initial: InstanceType;
  /** The page's language: the island loads its Korean words itself (src/widgets/shared/i18n.ts). */
  lang?: Lang;
}) {
  const m = wordsIn(WORDS, lang);
  const id = useId();
  const ko = lang === 'ko' ? maxPodsKo : undefined;
  const [type, setType] = useState(initial);
  const [query, setQuery] = useState(initial.name);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [prefixDelegation, setPrefixDelegation] = useState(false);
  const [customNetworking, setCustomNetworking] = useState(false);
  const [showMaxAllowed, setShowMaxAllowed] = useState(false);
  const [maxEniText, setMaxEniText] = useState('');
  const [cniText, setCniText] = useState(CURRENT_CNI_VERSION);

  const wantCatalog = () => {
    if (!catalog) loadCatalog().then(setCatalog);
  };

  const names = useMemo(() => catalog?.allInstanceTypes().sort(catalog.compareInstanceTypes).map((t) => t.name) ?? [], [catalog]);
  const matches = useMemo(() => matchNames(names, query), [names, query]);
  const typed = query.trim().toLowerCase();
  const unknown = catalog !== null && typed !== type.name && !catalog.getInstanceType(typed) && matches.length === 0;

  // Async because a fast typist can press Enter before the catalog has arrived.
  const pick = async (name: string) => {
    const loaded = catalog ?? (await loadCatalog());
    setCatalog(loaded);
    const t = loaded.getInstanceType(name);
    if (!t) return;
    setType(t);
    setQuery(t.name);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (matches.length ? (a + step + matches.length) % matches.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && matches[active] && matches[active] !== typed && !catalog?.getInstanceType(typed)) pick(matches[active]);
      else pick(typed);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const maxEni = maxEniText.trim() === '' ? null : parseMaxEni(maxEniText);
  const cni = parseCniVersion(cniText);
  const result = computeMaxPods(type, {
    cniVersion: cni.ok ? cni.value.text : CURRENT_CNI_VERSION,
    customNetworking,
    prefixDelegation,
    showMaxAllowed,
    maxEni: maxEni?.ok ? maxEni.value : undefined,
  });
  const listId = `${id}-list`;
  const expanded = open && matches.length > 0;

  return (
    <div class="nl-widget nl-calc not-content">
      <div class="nl-calc__picker">
        <label for={`${id}-type`}>{m.instanceType}</label>
        <input
          id={`${id}-type`}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${id}-opt-${active}` : undefined}
          aria-describedby={`${id}-facts`}
          autocomplete="off"
          spellcheck={false}
          value={query}
          onFocus={wantCatalog}
          onInput={(e) => {
            wantCatalog();
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            pick(typed);
            setOpen(false);
          }}
        />
        <ul id={listId} role="listbox" aria-label={m.instanceTypes} hidden={!expanded}>
          {matches.map((name, i) => (
            <li
              key={name}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(name);
              }}
            >
              {name}
            </li>
          ))}
        </ul>
        <p id={`${id}-facts`} class="nl-small">
          {unknown
            ? fill(m.unknown, { query: query.trim(), name: type.name, suggestion: catalog.suggestInstanceTypes(typed).length ? fill(m.suggestion, { names: catalog.suggestInstanceTypes(typed).join(', ') }) : '.' })
            : fill(m.facts, { name: type.name, enis: type.maxEnis, ips: type.ipv4PerEni, vcpus: type.vcpus ?? '?', platform: type.bareMetal ? m.bareMetal : type.hypervisor === 'xen' ? 'Xen' : 'Nitro' })}
        </p>
      </div>

      <fieldset class="nl-calc__options">
        <legend>{m.options}</legend>
        <label>
          <input type="checkbox" checked={prefixDelegation} onChange={(e) => setPrefixDelegation(e.currentTarget.checked)} /> {m.prefixDelegation}
        </label>
        <label>
          <input type="checkbox" checked={customNetworking} onChange={(e) => setCustomNetworking(e.currentTarget.checked)} /> {m.customNetworking}
        </label>
        <label>
          <input type="checkbox" checked={showMaxAllowed} onChange={(e) => setShowMaxAllowed(e.currentTarget.checked)} /> {m.showMaxAllowed}
        </label>
        <label>
          {m.maxEnis}{' '}
          <input
            class="nl-num"
            inputMode="numeric"
            placeholder={fill(m.allEnis, { n: type.maxEnis })}
            value={maxEniText}
            aria-invalid={maxEni?.ok === false}
            onInput={(e) => setMaxEniText(e.currentTarget.value)}
          />
        </label>
        <label>
          VPC CNI{' '}
          <input class="nl-num" value={cniText} aria-invalid={!cni.ok} onInput={(e) => setCniText(e.currentTarget.value)} />
        </label>
        {maxEni?.ok === false && <p class="nl-error">{maxEni.error}; using all ENIs.</p>}
        {!cni.ok && <p class="nl-error">{cni.error}; using {CURRENT_CNI_VERSION}.</p>}
      </fieldset>

      <div class="nl-calc__result" aria-live="polite">
        <p>
          <output class="nl-big" data-testid="max-pods">
            {result.value ?? '?'}
          </output>{' '}
          {result.value === null
            ? ko ? ko.unknownCeiling(type.name, result.uncapped) : `no vCPU count is known for ${type.name}, so the ceiling is unknown (uncapped ${result.uncapped})`
            : showMaxAllowed
              ? m.maxAllowed
              : m.recommended}
          <span class="nl-small">
            {' '}
            · {m.published} <b data-testid="published">{type.published ?? m.notListed}</b>
          </span>
        </p>
        <p>
          <code class="nl-formula">{result.formula}</code>
        </p>
      </div>
      <details class="nl-calc__steps" open>
        <summary>{m.steps}</summary>
        <WorkedSteps result={result} ko={ko} />
      </details>
    </div>
  );
}
