/** Stored model versions: pick one to show, tick two to compare on the same validation patients. */
import { useState } from 'react';
import { fixed, formatAucWithCi, formatP } from '../../../shared/charts/theme';
import type { VersionComparison } from './compare';
import { NotForUseMark } from './NotForUse';
import type { ModelVersionItem } from './versions';

export interface ComparisonState {
  a: number;
  b: number;
  result: VersionComparison | null;
  error: string | null;
}

export interface ModelVersionsProps {
  versions: ModelVersionItem[];
  selectedId: number | null;
  onSelect(id: number): void;
  comparison: ComparisonState | null;
  onCompare(a: number, b: number): void;
}

export function ComparisonResult({
  comparison,
  versions,
}: {
  comparison: ComparisonState;
  versions: ModelVersionItem[];
}) {
  const name = (id: number) => {
    const v = versions.find((x) => x.id === id);
    return v ? `#${id}${v.name ? ` ${v.name}` : ''}` : `#${id}`;
  };
  if (comparison.error)
    return (
      <p className="error" role="alert">
        {comparison.error}
      </p>
    );
  const r = comparison.result;
  if (!r) return <p className="muted">Comparing…</p>;
  return (
    <div className="comparison" aria-label="Version comparison">
      <table className="grid">
        <tbody>
          <tr>
            <th>Shared validation patients</th>
            <td className="num">
              {r.n} ({r.events} effective){r.unpaired > 0 ? `; ${r.unpaired} unpaired left out` : ''}
            </td>
          </tr>
          <tr>
            <th>AUC {name(comparison.a)}</th>
            <td className="num">{fixed(r.auc1)}</td>
          </tr>
          <tr>
            <th>AUC {name(comparison.b)}</th>
            <td className="num">{fixed(r.auc2)}</td>
          </tr>
          <tr>
            <th>DeLong paired test</th>
            <td className="num">
              Z = {fixed(r.statistic_Z, 3)},{' '}
              {formatP(r.p_value).startsWith('<') ? `p ${formatP(r.p_value)}` : `p = ${formatP(r.p_value)}`}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="muted small">
        {r.method}; both ROC curves with direction “&lt;” (higher probability = effective).
      </p>
    </div>
  );
}

export function ModelVersions({ versions, selectedId, onSelect, comparison, onCompare }: ModelVersionsProps) {
  const [ticked, setTicked] = useState<number[]>([]);
  const toggle = (id: number) =>
    setTicked((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t.slice(-1), id]));
  if (versions.length === 0)
    return <p className="muted">No model versions yet: fit one with the settings above.</p>;
  return (
    <div className="model-versions">
      <table className="grid" aria-label="Model versions">
        <thead>
          <tr>
            <th aria-label="Compare" />
            <th>Version</th>
            <th className="num" title="Selected features">
              Feat.
            </th>
            <th className="num">AUC train</th>
            <th className="num" title="Validation AUC; the 95% CI (DeLong) is in the tooltip">
              AUC val.
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr
              key={v.id}
              tabIndex={0}
              className={v.id === selectedId ? 'selected' : undefined}
              aria-selected={v.id === selectedId}
              onClick={() => onSelect(v.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSelect(v.id);
              }}
            >
              <td onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={`Compare version ${v.id}`}
                  checked={ticked.includes(v.id)}
                  onChange={() => toggle(v.id)}
                />
              </td>
              <td title={`λ ${v.lambdaRule}, Radscore Studio ${v.softwareVersion}`}>
                #{v.id} {v.name}
                <div className="muted small nowrap">{v.createdAt.replace('T', ' ').slice(0, 16)}</div>
                <NotForUseMark mark={v.notForUse} />
              </td>
              <td className="num">{v.nSelected}</td>
              <td className="num">{fixed(v.trainAuc)}</td>
              <td
                className="num"
                title={
                  v.validationAuc !== null && v.validationAucCi
                    ? formatAucWithCi(v.validationAuc, v.validationAucCi)
                    : undefined
                }
              >
                {v.validationAuc !== null ? fixed(v.validationAuc) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="compare-bar">
        <button type="button" disabled={ticked.length !== 2} onClick={() => onCompare(ticked[0], ticked[1])}>
          Compare ticked versions
        </button>
        <span className="muted small">
          Tick two versions: paired DeLong test on their shared validation patients.
        </span>
      </div>
      {comparison && <ComparisonResult comparison={comparison} versions={versions} />}
    </div>
  );
}
