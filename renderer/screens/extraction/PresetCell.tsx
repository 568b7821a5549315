/**
 * A feature set's preset and settings in the user's words (featureSets.list): the preset's name (or "none
 * (custom settings)"), its description on hover, and the settings table one click away.
 */
import type { FeatureSetSummary } from '../../../shared/api';

export function PresetCell({ set }: { set: FeatureSetSummary }) {
  return (
    <details className="preset-cell">
      <summary title={set.presetDescription ?? undefined}>
        <strong>{set.preset}</strong>
      </summary>
      {set.presetDescription && <p className="muted small">{set.presetDescription}</p>}
      <table className="grid small" aria-label={`Settings of feature set ${set.id}`}>
        <tbody>
          {set.settings.map((r) => (
            <tr key={r.setting}>
              <th scope="row">{r.setting}</th>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
