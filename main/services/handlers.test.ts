import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRuns, type ApiEvent, type ImportJob, type PatientSummary } from '../../shared/api';
import { indexToWorld, sameGrid, type Volume } from '../../shared/image/volume';
import { readVolumeFile } from '../io/readVolume';
import { ApiError, createHandlers, openAppServices, type AppServices } from './handlers';

const geometry = {
  size: [2, 2, 2] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const patient: PatientSummary = {
  patientId: 'P1',
  patientName: 'Doe^J',
  birthDate: '',
  sex: 'F',
  studies: 1,
  series: 1,
  rois: 0,
  response: null,
};

/** An in-memory service layer for testing the dispatch itself. */
function fakeServices(overrides: Partial<AppServices> = {}): AppServices {
  return {
    dbPath: ':memory:',
    version: '0.0.0-test',
    listPatients: ({ offset, limit }) => ({ total: 1, items: [patient].slice(offset, offset + limit) }),
    getPatient: (id) => (id === 'P1' ? { patient, studies: [], labels: [], clinical: {} } : null),
    getSeries: () => null,
    listRois: () => null,
    loadSeriesVolume: async (uid) =>
      uid === 'S1' ? { ...geometry, data: Float32Array.from([3, -1, 4, 1, 5, 9, 2, 6]) } : null,
    loadRoiMask: async () => null,
    importPaths: async (paths, onProgress, signal) => {
      for (let n = 1; n <= 3; n++) {
        await new Promise((r) => setTimeout(r, 5));
        if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
        onProgress({ done: n, total: 3, current: `file${n}` });
      }
      if (paths[0] === '/bad') throw new Error('no such file or folder: /bad');
      return {
        files: 3,
        patients: 1,
        studies: 1,
        series: 1,
        instances: 2,
        rois: 0,
        skipped: [],
        warnings: [],
      };
    },
    saveRoi: () => null,
    deleteRoi: () => false,
    setLabel: () => null,
    close: () => undefined,
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('dispatch', () => {
  const handlers = createHandlers(fakeServices(), { host: 'browser' });

  it('validates input and fills defaults', async () => {
    expect(await handlers.invoke('patients.list', {})).toEqual({ total: 1, items: [patient] });
    const bad = await rejection(handlers.invoke('patients.list', { limit: 'ten' }));
    expect(bad.kind).toBe('bad-input');
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/patients\.list: limit/);
  });

  it('refuses unknown channels and reports missing things as not-found', async () => {
    expect((await rejection(handlers.invoke('fs.readFile', {}))).message).toMatch(/unknown channel/);
    const missing = await rejection(handlers.invoke('patient.get', { patientId: 'nobody' }));
    expect([missing.kind, missing.status]).toEqual(['not-found', 404]);
    expect(missing.message).toContain('"nobody"');
  });

  it('sends volumes as typed arrays with their range', async () => {
    const out = (await handlers.invoke('series.volume', { seriesUid: 'S1' })) as {
      meta: { min: number; max: number };
      data: Float32Array;
    };
    expect(out.data).toBeInstanceOf(Float32Array);
    expect([out.meta.min, out.meta.max]).toEqual([-1, 9]);
  });

  it('refuses service output that breaks the contract', async () => {
    const broken = createHandlers(fakeServices({ listPatients: () => ({ total: -1, items: [] }) }), {
      host: 'browser',
    });
    const err = await rejection(broken.invoke('patients.list', {}));
    expect(err.kind).toBe('failed');
    expect(err.message).toMatch(/breaks the contract: total/);
  });
});

describe('import jobs', () => {
  it('report progress as events and finish with the summary', async () => {
    const events: ApiEvent[] = [];
    const handlers = createHandlers(fakeServices(), {
      host: 'electron',
      emit: (e) => events.push(e),
      progressIntervalMs: 0,
    });
    const { jobId } = (await handlers.invoke('import.start', { paths: ['/data'] })) as { jobId: string };
    expect(((await handlers.invoke('import.status', { jobId })) as ImportJob).state).toBe('running');
    await handlers.settle();
    const done = (await handlers.invoke('import.status', { jobId })) as ImportJob;
    expect(done.state).toBe('done');
    expect(done.result?.instances).toBe(2);
    const states = events.flatMap((e) =>
      e.event === 'import.progress' ? [`${e.payload.state}:${e.payload.done}/${e.payload.total}`] : [],
    );
    expect(states).toEqual(['running:0/0', 'running:1/3', 'running:2/3', 'running:3/3', 'done:3/3']);
  });

  it('stop when cancelled, keeping the state honest', async () => {
    const handlers = createHandlers(fakeServices(), { host: 'browser' });
    const { jobId } = (await handlers.invoke('import.start', { paths: ['/data'] })) as { jobId: string };
    await handlers.invoke('import.cancel', { jobId });
    await handlers.settle();
    const job = (await handlers.invoke('import.status', { jobId })) as ImportJob;
    expect(job.state).toBe('cancelled');
    expect(job.result).toBeNull();
    expect(job.done).toBeLessThan(3);
    await expect(handlers.invoke('import.cancel', { jobId: 'nope' })).rejects.toThrow(/not found/);
  });

  it('report a failed import with its reason', async () => {
    const handlers = createHandlers(fakeServices(), { host: 'browser' });
    const { jobId } = (await handlers.invoke('import.start', { paths: ['/bad'] })) as { jobId: string };
    await handlers.settle();
    const job = (await handlers.invoke('import.status', { jobId })) as ImportJob;
    expect([job.state, job.error]).toEqual(['failed', 'no such file or folder: /bad']);
  });
});

describe('bound to the real store (STS_001 T1 + RTSTRUCT)', () => {
  const data = resolve(__dirname, '../../../shared/data/mr-series-sts001-t1');
  const tmp = mkdtempSync(join(tmpdir(), 'radscore-handlers-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('imports, lists, and serves the volume and the ROI mask identical to the MIRP NIfTI mask', async () => {
    const services = await openAppServices(join(tmp, 'db.sqlite'));
    const handlers = createHandlers(services, { host: 'browser' });
    try {
      const { jobId } = (await handlers.invoke('import.start', { paths: [join(data, 'dicom')] })) as {
        jobId: string;
      };
      await handlers.settle();
      const job = (await handlers.invoke('import.status', { jobId })) as ImportJob;
      expect(job.error).toBeNull();
      expect(job.result).toMatchObject({ patients: 1, series: 1, instances: 59, rois: 1 });

      const page = (await handlers.invoke('patients.list', { search: 'sts' })) as {
        total: number;
        items: PatientSummary[];
      };
      expect(page.items.map((p) => [p.patientId, p.series, p.rois])).toEqual([['STS_001', 1, 1]]);
      const none = (await handlers.invoke('patients.list', { search: 'zzz' })) as { total: number };
      expect(none.total).toBe(0);

      const detail = (await handlers.invoke('patient.get', { patientId: 'STS_001' })) as {
        studies: { studyUid: string; series: { seriesUid: string; instances: number }[] }[];
      };
      expect(detail.studies.length).toBe(1);
      expect(detail.studies[0].studyUid).toMatch(/^[\d.]+$/);
      const series = detail.studies[0].series[0];
      expect(series.instances).toBe(59);

      const volume = (await handlers.invoke('series.volume', { seriesUid: series.seriesUid })) as {
        meta: Volume;
        data: Float32Array;
      };
      expect(volume.meta.size).toEqual([174, 158, 59]);
      expect(volume.data.length).toBe(174 * 158 * 59);

      const rois = (await handlers.invoke('roi.list', { seriesUid: series.seriesUid })) as {
        roiId: number;
        name: string;
        voxels: number;
        sliceRange: [number, number];
      }[];
      expect(rois.map((r) => r.name)).toEqual(['GTV_Mass_MR_T1']);
      const mask = (await handlers.invoke('roi.mask', { roiId: rois[0].roiId })) as {
        meta: Volume & { voxels: number };
        data: Uint8Array;
      };

      // Reference: the voxel mask MIRP made from the same RTSTRUCT (shared/data/.../nifti/MR_T1_mask.nii.gz).
      const reference = readVolumeFile(join(data, 'nifti/MR_T1_mask.nii.gz'));
      expect(sameGrid(reference, { ...volume.meta, size: volume.meta.size }, 1e-2)).toBe(true);
      let refVoxels = 0;
      let mismatches = 0;
      for (let n = 0; n < reference.data.length; n++) {
        const r = reference.data[n] > 0.5 ? 1 : 0;
        refVoxels += r;
        if (r !== mask.data[n]) mismatches++;
      }
      expect(mask.meta.voxels).toBe(rois[0].voxels);
      expect(rois[0].voxels).toBe(refVoxels);
      expect(mismatches).toBe(0);
      // The slice range is where the mask is, and positions follow the series geometry.
      const [k0, k1] = rois[0].sliceRange;
      const sliceVoxels = 174 * 158;
      const onSlice = (k: number) =>
        mask.data.subarray(k * sliceVoxels, (k + 1) * sliceVoxels).some((v) => v === 1);
      expect(onSlice(k0) && onSlice(k1) && !onSlice(k0 - 1) && !onSlice(k1 + 1)).toBe(true);
      expect(indexToWorld(volume.meta, 0, 0, 0)).toEqual(volume.meta.origin);

      // A drawn ROI: saved new, then edited and renamed, refused when the runs do not fit, then deleted.
      const drawn = new Uint8Array(mask.data.length);
      drawn.fill(1, 100 + 174 * 158 * 20, 130 + 174 * 158 * 20); // 30 voxels on slice 20
      const created = (await handlers.invoke('roi.save', {
        seriesUid: series.seriesUid,
        name: ' drawn ',
        mask: encodeRuns(drawn),
      })) as { roiId: number; name: string; source: string; voxels: number; sliceRange: number[] };
      expect(created).toMatchObject({ name: 'drawn', source: 'drawn', voxels: 30, sliceRange: [20, 20] });
      drawn.fill(1, 100 + 174 * 158 * 21, 110 + 174 * 158 * 21);
      const edited = (await handlers.invoke('roi.save', {
        seriesUid: series.seriesUid,
        roiId: created.roiId,
        name: 'drawn v2',
        mask: encodeRuns(drawn),
      })) as { roiId: number; voxels: number; name: string };
      expect(edited).toMatchObject({ roiId: created.roiId, voxels: 40, name: 'drawn v2' });
      const stored = (await handlers.invoke('roi.mask', { roiId: created.roiId })) as { data: Uint8Array };
      expect(stored.data).toEqual(drawn);
      const short = await handlers
        .invoke('roi.save', {
          seriesUid: series.seriesUid,
          name: 'x',
          mask: { encoding: 'runs01', runs: [5, 5] },
        })
        .catch((e: ApiError) => e);
      expect(short).toBeInstanceOf(ApiError);
      expect((short as ApiError).message).toMatch(/cover 10 voxels but the series has 1622028/);
      await expect(
        handlers.invoke('roi.save', {
          seriesUid: series.seriesUid,
          roiId: 99999,
          name: 'x',
          mask: encodeRuns(drawn),
        }),
      ).rejects.toThrow(/not found/);
      await handlers.invoke('roi.delete', { roiId: created.roiId });
      expect(((await handlers.invoke('roi.list', { seriesUid: series.seriesUid })) as unknown[]).length).toBe(
        1,
      );

      const labelled = (await handlers.invoke('labels.set', {
        patientId: 'STS_001',
        response: 'PR',
        assessor: 'test',
      })) as { labels: { response: string }[] };
      expect(labelled.labels.map((l) => l.response)).toEqual(['PR']);
      const after = (await handlers.invoke('patients.list', {})) as { items: PatientSummary[] };
      expect(after.items[0].response).toBe('PR');
    } finally {
      services.close();
    }
  }, 60_000);
});
