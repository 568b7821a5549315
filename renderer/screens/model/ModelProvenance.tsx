/**
 * What a model version was made from, in the user's words: the feature set's profile and preset (name,
 * description, settings as a table) and the fit settings as a table; the stored JSON in a collapsed block.
 */
import type { ChartFit } from '../../../shared/charts/fit';
import { fitSettingsRows, type SettingRow } from '../../../shared/charts/settingsTable';

export interface ExtractionView {
  featureSetId: number;
  profile: string;
  preset: string;
  presetDescription: string | null;
  settings: SettingRow[];
}

function SettingsTable({ rows, label }: { rows: SettingRow[]; label: string }) {
  return (
    <table className="grid settings-table" aria-label={label}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.setting}>
            <th scope="row">{r.setting}</th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ModelProvenance({
  fit,
  extraction,
  fitSettings,
}: {
  fit: ChartFit;
  extraction: ExtractionView | null;
  fitSettings: unknown;
}) {
  const settings =
    fitSettings && typeof fitSettings === 'object' ? (fitSettings as Record<string, unknown>) : null;
  return (
    <div className="panel provenance">
      <h2>How this model was made</h2>
      <div className="provenance-grid">
        <div>
          <h3>Features</h3>
          {extraction ? (
            <>
              <p className="small">
                Feature set #{extraction.featureSetId}, profile <code>{extraction.profile}</code>, preset{' '}
                <strong data-testid="model-preset">{extraction.preset}</strong>
              </p>
              {extraction.presetDescription && <p className="muted small">{extraction.presetDescription}</p>}
              <SettingsTable rows={extraction.settings} label="Extraction settings" />
            </>
          ) : (
            <p className="muted small">Not fitted on a stored feature set.</p>
          )}
        </div>
        {settings && (
          <div>
            <h3>Fit</h3>
            <SettingsTable rows={fitSettingsRows(settings, fit)} label="Fit settings" />
            <details>
              <summary className="small">Fit settings as stored (JSON, for reproduction)</summary>
              <pre className="small">{JSON.stringify(settings, null, 2)}</pre>
            </details>
          </div>
        )}
      </div>
    </div>
  );
}
