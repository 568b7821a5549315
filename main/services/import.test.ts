import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getRoiMask,
  listAudit,
  listRois,
  listSeries,
  openStore,
  seriesForLoading,
  type Store,
} from '../store/index';
import { importFolders } from './import';

const STS = join(__dirname, '../../../shared/data/mr-series-sts001-t1');

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radscore-import-'));
  store = openStore(join(dir, 'db.sqlite'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importFolders', () => {
  it('imports STS_001 T1: 1 patient, 1 study, 1 series, 59 instances, 1 RTSTRUCT ROI of 117,145 voxels', async () => {
    const phases = new Set<string>();
    const r = await importFolders(store, [STS], { onProgress: (p) => phases.add(p.phase), actor: 'test' });
    expect(r).toMatchObject({ files: 64, patients: 1, studies: 1, series: 1, instances: 59, rois: 1 });
    // The 4 non-DICOM files of the data set (LICENSE.md, PROVENANCE.md, UPSTREAM_README.md, the NIfTI mask) are skipped.
    expect(r.skipped).toHaveLength(4);
    expect(r.skipped.every((s) => /not a DICOM file/.test(s.reason))).toBe(true);
    expect(r.warnings.filter((w) => /not imported|refers to/.test(w.message))).toEqual([]);
    expect([...phases]).toEqual(['scan', 'store', 'rois']);
    const [series] = listSeries(store);
    expect(series.instanceCount).toBe(59);
    expect(series.geometry.size[2]).toBe(59);
    expect(seriesForLoading(store, series.id).instances).toHaveLength(59);
    const rois = listRois(store);
    expect(rois).toMatchObject([{ name: 'GTV_Mass_MR_T1', source: 'RTSTRUCT', voxelCount: 117145 }]);
    const mask = getRoiMask(store, rois[0].id);
    expect(mask.data.reduce((a, v) => a + (v ? 1 : 0), 0)).toBe(117145);
    expect(listAudit(store, { entity: 'roi' })).toMatchObject([{ action: 'create', actor: 'test' }]);
  });

  it('adds nothing on a second import of the same folder', async () => {
    const r = await importFolders(store, [STS]);
    expect(r).toMatchObject({ files: 64, patients: 0, studies: 0, series: 0, instances: 0, rois: 0 });
    expect(listRois(store)).toHaveLength(1);
  });

  it('warns and stores nothing for an RTSTRUCT whose series is absent', async () => {
    const other = openStore(join(dir, 'other.sqlite'));
    try {
      const r = await importFolders(other, [join(STS, 'dicom/mask')]);
      expect(r).toMatchObject({ files: 1, patients: 0, series: 0, rois: 0 });
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0].message).toMatch(/RTSTRUCT .*RS\.dcm refers to series .* not imported/);
      expect(listRois(other)).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('an import cancelled after the series were stored is completed by a rerun without duplicates', async () => {
    const fresh = openStore(join(dir, 'cancel.sqlite'));
    try {
      const ac = new AbortController();
      const run = importFolders(fresh, [STS], {
        signal: ac.signal,
        onProgress: (p) => p.phase === 'rois' && ac.abort(),
      });
      await expect(run).rejects.toThrow(/cancelled/);
      expect(listSeries(fresh)).toHaveLength(1);
      expect(listRois(fresh)).toHaveLength(0);
      const r = await importFolders(fresh, [STS]);
      expect(r).toMatchObject({ patients: 0, studies: 0, series: 0, instances: 0, rois: 1 });
    } finally {
      fresh.close();
    }
  });

  it('rejects a missing folder and honours a cancelled signal', async () => {
    await expect(importFolders(store, [join(dir, 'nope')])).rejects.toThrow(/no such file or folder/);
    const ac = new AbortController();
    ac.abort();
    await expect(importFolders(store, [STS], { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });
});
