/**
 * The patient page's "features as DICOM SR" export: pick a feature set and a folder, optionally
 * de-identified; writes the TID 1500 Measurement Report and the SEG it references (channel 'sr.export',
 * as `radscore export-sr`). Existing files are replaced only when the user ticks "Replace existing files".
 */
import { useEffect, useState } from 'react';
import type { FeatureSetSummary } from '../../../shared/api';
import { api } from '../../api/client';
import { errorText } from './common';

/** A file name part from free text (a patient id): letters, digits, ._- only. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'patient';

export function SrExport({ patientId }: { patientId: string }) {
  const [sets, setSets] = useState<FeatureSetSummary[] | null>(null);
  const [setId, setSetId] = useState<number | null>(null);
  const [folder, setFolder] = useState('');
  const [deidentify, setDeidentify] = useState(false);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    api()
      .call('featureSets.list', {})
      .then((list) => {
        if (!live) return;
        const withValues = list.filter((s) => s.cases > 0);
        setSets(withValues);
        setSetId((current) => current ?? withValues.at(-1)?.id ?? null);
      })
      .catch((err: unknown) => live && setNotice({ ok: false, text: errorText(err) }));
    return () => {
      live = false;
    };
  }, []);

  const run = async () => {
    if (setId === null) return;
    if (!folder.trim()) return setNotice({ ok: false, text: 'Give the folder to write to.' });
    // A de-identified file's name must not carry the patient's id.
    const name = `${deidentify ? 'deidentified' : safe(patientId)}-features-set${setId}.dcm`;
    setBusy(true);
    setNotice(null);
    try {
      const r = await api().call('sr.export', {
        featureSetId: setId,
        patientId,
        out: `${folder.trim().replace(/[\\/]+$/, '')}/${name}`,
        deidentify,
        force,
      });
      setNotice({
        ok: true,
        text: `SR of ${r.rois} ROI(s) × ${r.features} features written to ${r.out} (SEG: ${r.seg.join(', ')})`,
      });
    } catch (err) {
      setNotice({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  if (sets !== null && sets.length === 0)
    return <p className="muted small">No features yet: run an extraction first.</p>;
  return (
    <div className="sr-export" data-testid="sr-export">
      <div className="sr-row">
        <label className="small">
          Feature set
          <select
            aria-label="Feature set for the SR"
            value={setId ?? ''}
            onChange={(e) => setSetId(Number(e.target.value))}
          >
            {(sets ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                #{s.id} {s.profile} · {s.featuresPerCase} features
              </option>
            ))}
          </select>
        </label>
        <label className="small">
          Folder
          <input
            type="text"
            placeholder="/absolute/path/to/folder"
            aria-label="SR export folder"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
      </div>
      <div className="sr-row">
        <label className="small">
          <input type="checkbox" checked={deidentify} onChange={(e) => setDeidentify(e.target.checked)} />{' '}
          De-identify (study code, shifted dates, new UIDs)
        </label>
        <label className="small">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Replace
          existing files
        </label>
        <button
          type="button"
          className="primary small"
          disabled={busy || setId === null}
          onClick={() => void run()}
        >
          {busy ? 'Writing…' : 'Export DICOM SR'}
        </button>
      </div>
      {notice && (
        <p className={notice.ok ? 'small notice' : 'error small'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
