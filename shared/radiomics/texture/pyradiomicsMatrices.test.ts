/**
 * The matrix builders reproduce PyRadiomics' reference texture matrices (tests/data/baseline/*.npy, default
 * settings: bin width 25, 3D, distance 1, 13 directions, symmetric GLCM, GLDM α = 0) for brain1, brain2 and
 * breast1. PyRadiomics keeps only grey levels present in the ROI (rows) and only column values that occur
 * (run lengths over all directions, zone sizes, dependences) — the same sparse columns as LevelSizeMatrix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVolumeFile } from '../../../main/io/readVolume';
import { buildGlcm } from './glcm';
import { buildGlrlm } from './glrlm';
import { buildGlszm } from './glszm';
import { mergeLevelSizeMatrices, type LevelSizeMatrix } from './levelSizeMatrix';
import { DIRECTIONS_3D, labelZones, prepareTextureGrid, type TextureGrid } from './neighbourhood';
import { buildNgldm } from './ngldm';
import { buildNgtdm } from './ngtdm';

const base = join(__dirname, '../../../../shared/data/pyradiomics-baseline');

interface Npy {
  shape: number[];
  /** Element (i, j, k…) in the array's own order. */
  at: (...index: number[]) => number;
}

function readNpy(path: string): Npy {
  const buf = readFileSync(path);
  const headerLength = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLength).toString('latin1');
  if (!header.includes("'descr': '<f8'")) throw new Error(`${path}: expected little-endian float64`);
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const fortran = header.includes("'fortran_order': True");
  const start = 10 + headerLength;
  const data = new Float64Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
  const strides = shape.map((_, d) =>
    fortran ? shape.slice(0, d).reduce((a, b) => a * b, 1) : shape.slice(d + 1).reduce((a, b) => a * b, 1),
  );
  return { shape, at: (...index) => data[index.reduce((acc, x, d) => acc + x * strides[d], 0)] };
}

/** PyRadiomics' fixed bin width discretisation: level = ⌊x/w⌋ − ⌊min/w⌋ + 1. */
function loadCase(name: string): { grid: TextureGrid; present: number[] } {
  const image = readVolumeFile(join(base, `images/${name}_image.nrrd`));
  const label = readVolumeFile(join(base, `images/${name}_label.nrrd`));
  const width = 25;
  let min = Infinity;
  for (let v = 0; v < label.data.length; v++) if (label.data[v] === 1) min = Math.min(min, image.data[v]);
  const levels = new Int32Array(image.data.length);
  let nLevels = 0;
  for (let v = 0; v < label.data.length; v++)
    if (label.data[v] === 1) {
      levels[v] = Math.floor(image.data[v] / width) - Math.floor(min / width) + 1;
      nLevels = Math.max(nLevels, levels[v]);
    }
  const grid = prepareTextureGrid({ size: image.size, spacing: image.spacing, levels, nLevels });
  const seen = new Set<number>();
  for (const g of grid.levels) if (g > 0) seen.add(g);
  return { grid, present: [...seen].sort((a, b) => a - b) };
}

function expectClose(actual: number, expected: number, what: string): void {
  if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
    throw new Error(`${what}: ${actual} vs PyRadiomics ${expected}`);
}

/** Compares a level × column matrix with PyRadiomics' (rows = present levels, columns = `columns`). */
function compareLevelSize(
  m: LevelSizeMatrix,
  theirs: (r: number, c: number) => number,
  present: number[],
  columns: number[],
  what: string,
): void {
  const w = m.columns.length;
  for (let r = 0; r < present.length; r++)
    for (let c = 0; c < columns.length; c++) {
      const mc = m.columns.indexOf(columns[c]);
      const mine = mc < 0 ? 0 : m.counts[(present[r] - 1) * w + mc];
      expectClose(mine, theirs(r, c), `${what} level ${present[r]} column ${columns[c]}`);
    }
}

describe.each(['brain1', 'brain2', 'breast1'])('PyRadiomics reference matrices: %s', (name) => {
  const { grid, present } = loadCase(name);
  const ng = grid.nLevels;

  it('GLCM: 13 symmetric directions at distance 1, each equal to one PyRadiomics angle (normalised)', () => {
    const theirs = readNpy(join(base, `baseline/${name}_glcm.npy`));
    expect(theirs.shape).toEqual([present.length, present.length, 13]);
    const unmatched = new Set(Array.from({ length: 13 }, (_, a) => a));
    for (const direction of DIRECTIONS_3D) {
      const counts = buildGlcm(grid, direction, { symmetric: true });
      const total = counts.reduce((s, x) => s + x, 0);
      const match = [...unmatched].find((a) =>
        present.every((gi, r) =>
          present.every(
            (gj, c) => Math.abs(counts[(gi - 1) * ng + gj - 1] / total - theirs.at(r, c, a)) < 1e-12,
          ),
        ),
      );
      expect(match, `direction ${direction.join(',')}`).toBeDefined();
      unmatched.delete(match as number);
    }
  });

  it('GLRLM: 13 directions, run lengths that occur in any direction', () => {
    const theirs = readNpy(join(base, `baseline/${name}_glrlm.npy`));
    const matrices = DIRECTIONS_3D.map((d) => buildGlrlm(grid, d));
    const columns = Array.from(mergeLevelSizeMatrices(matrices, ng).columns);
    expect(theirs.shape).toEqual([present.length, columns.length, 13]);
    const unmatched = new Set(Array.from({ length: 13 }, (_, a) => a));
    for (const m of matrices) {
      const match = [...unmatched].find((a) => {
        try {
          compareLevelSize(m, (r, c) => theirs.at(r, c, a), present, columns, 'GLRLM');
          return true;
        } catch {
          return false;
        }
      });
      expect(match).toBeDefined();
      unmatched.delete(match as number);
    }
  });

  it('GLSZM: 26-connected zones', () => {
    const theirs = readNpy(join(base, `baseline/${name}_glszm.npy`));
    const m = buildGlszm(grid, labelZones(grid, '3D'));
    expect(theirs.shape).toEqual([present.length, m.columns.length]);
    compareLevelSize(m, (r, c) => theirs.at(r, c), present, Array.from(m.columns), 'GLSZM');
  });

  it('NGTDM: n_i, s_i and the grey level per present level', () => {
    const theirs = readNpy(join(base, `baseline/${name}_ngtdm.npy`));
    const m = buildNgtdm(grid, { distance: 1, dim: '3D' });
    expect(theirs.shape).toEqual([present.length, 3]);
    present.forEach((g, r) => {
      expectClose(m.n[g - 1], theirs.at(r, 0), `NGTDM n_${g}`);
      expectClose(m.s[g - 1], theirs.at(r, 1), `NGTDM s_${g}`);
      expectClose(g, theirs.at(r, 2), 'NGTDM level');
    });
  });

  it('GLDM (= NGLDM at δ = 1, α = 0, 3D): dependence 1 + dependent neighbours', () => {
    const theirs = readNpy(join(base, `baseline/${name}_gldm.npy`));
    const m = buildNgldm(grid, { distance: 1, alpha: 0, dim: '3D' });
    expect(theirs.shape).toEqual([present.length, m.columns.length]);
    compareLevelSize(m, (r, c) => theirs.at(r, c), present, Array.from(m.columns), 'GLDM');
  });
});
