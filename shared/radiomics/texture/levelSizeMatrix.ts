/**
 * The grey level × length matrix shared by GLRLM (run length), GLSZM (zone size), GLDZM (zone distance) and
 * NGLDM (dependence count): m_ij counts runs / zones / neighbourhoods with grey level i and column value j.
 * Their IBSI features use the same formulas over m, so the formulas live here once; each family module names
 * them (with its own IBSI ids) in its feature table.
 *
 * Notation: N_s = Σ_ij m_ij, m_i. = Σ_j m_ij, m_.j = Σ_i m_ij, p_ij = m_ij / N_s, N_v = voxels described.
 */

/** A grey level × column matrix, dense over grey levels and sparse over column values. */
export interface LevelSizeMatrix {
  nLevels: number;
  /** Distinct column values j present (≥ 1), ascending. */
  columns: Float64Array;
  /** counts[(i − 1) · columns.length + c]: entries with grey level i and column value columns[c]. */
  counts: Float64Array;
  /** N_v: number of voxels the matrix describes (run / zone percentage denominators). */
  voxels: number;
}

/**
 * From a dense accumulator dense[(i − 1) · (maxColumn + 1) + j], j = 0..maxColumn (column 0 must be empty),
 * keeping only the column values that occur.
 */
export function levelSizeMatrixFromDense(
  dense: Float64Array,
  nLevels: number,
  maxColumn: number,
  voxels: number,
): LevelSizeMatrix {
  const width = maxColumn + 1;
  const present: number[] = [];
  for (let j = 1; j <= maxColumn; j++) {
    for (let i = 0; i < nLevels; i++)
      if (dense[i * width + j] !== 0) {
        present.push(j);
        break;
      }
  }
  const columns = Float64Array.from(present);
  const counts = new Float64Array(nLevels * columns.length);
  for (let i = 0; i < nLevels; i++)
    for (let c = 0; c < columns.length; c++) counts[i * columns.length + c] = dense[i * width + present[c]];
  return { nLevels, columns, counts, voxels };
}

/** From n (grey level, column value) entries, each counted once. */
export function levelSizeMatrixFromEntries(
  levels: Int32Array,
  columnValues: Int32Array,
  n: number,
  nLevels: number,
  voxels: number,
): LevelSizeMatrix {
  // Column values (zone sizes, distances) are non-negative integers no larger than the voxel count: a typed
  // array maps each distinct value to its column, in ascending order.
  let maxColumn = 0;
  for (let e = 0; e < n; e++) if (columnValues[e] > maxColumn) maxColumn = columnValues[e];
  const index = new Int32Array(maxColumn + 1).fill(-1);
  for (let e = 0; e < n; e++) index[columnValues[e]] = 0;
  let width = 0;
  for (let j = 0; j <= maxColumn; j++) if (index[j] === 0) index[j] = width++;
  const columns = new Float64Array(width);
  for (let j = 0; j <= maxColumn; j++) if (index[j] >= 0) columns[index[j]] = j;
  const counts = new Float64Array(nLevels * width);
  for (let e = 0; e < n; e++) counts[(levels[e] - 1) * width + index[columnValues[e]]]++;
  return { nLevels, columns, counts, voxels };
}

/** Sum of matrices (IBSI merging): counts and voxel numbers add up. */
export function mergeLevelSizeMatrices(
  matrices: readonly LevelSizeMatrix[],
  nLevels: number,
): LevelSizeMatrix {
  const distinct = new Set<number>();
  let voxels = 0;
  for (const m of matrices) {
    if (m.nLevels !== nLevels)
      throw new Error(`cannot merge matrices with ${m.nLevels} and ${nLevels} grey levels`);
    for (const j of m.columns) distinct.add(j);
    voxels += m.voxels;
  }
  const columns = Float64Array.from([...distinct].sort((a, b) => a - b));
  const index = new Map<number, number>();
  columns.forEach((j, c) => index.set(j, c));
  const counts = new Float64Array(nLevels * columns.length);
  for (const m of matrices) {
    const w = m.columns.length;
    for (let c = 0; c < w; c++) {
      const target = index.get(m.columns[c]) as number;
      for (let i = 0; i < nLevels; i++) counts[i * columns.length + target] += m.counts[i * w + c];
    }
  }
  return { nLevels, columns, counts, voxels };
}

/** Expands to a dense nLevels × maxColumn matrix (column j at index j − 1), e.g. for PyRadiomics-style code. */
export function toDenseLevelSizeMatrix(m: LevelSizeMatrix): {
  rows: number;
  cols: number;
  data: Float64Array;
} {
  const cols = m.columns.length === 0 ? 0 : m.columns[m.columns.length - 1];
  const data = new Float64Array(m.nLevels * cols);
  const w = m.columns.length;
  for (let i = 0; i < m.nLevels; i++)
    for (let c = 0; c < w; c++) data[i * cols + m.columns[c] - 1] = m.counts[i * w + c];
  return { rows: m.nLevels, cols, data };
}

/** Matrix plus its marginals: what every feature formula reads. */
export interface LevelSizeStats {
  m: LevelSizeMatrix;
  /** N_s */
  total: number;
  /** m_i. for i = 1..Ng at index i − 1. */
  rowSums: Float64Array;
  /** m_.j for j = columns[c] at index c. */
  columnSums: Float64Array;
}

/** Statistics of a matrix; null when it is empty. */
export function levelSizeStats(m: LevelSizeMatrix): LevelSizeStats | null {
  const w = m.columns.length;
  const rowSums = new Float64Array(m.nLevels);
  const columnSums = new Float64Array(w);
  let total = 0;
  for (let i = 0; i < m.nLevels; i++)
    for (let c = 0; c < w; c++) {
      const v = m.counts[i * w + c];
      rowSums[i] += v;
      columnSums[c] += v;
      total += v;
    }
  return total === 0 ? null : { m, total, rowSums, columnSums };
}

/** (1/N_s) Σ_i Σ_j m_ij f(i, j) over non-zero cells. */
function meanOverCells(s: LevelSizeStats, f: (i: number, j: number) => number): number {
  const { counts, columns, nLevels } = s.m;
  const w = columns.length;
  let acc = 0;
  for (let i = 1; i <= nLevels; i++)
    for (let c = 0; c < w; c++) {
      const v = counts[(i - 1) * w + c];
      if (v !== 0) acc += v * f(i, columns[c]);
    }
  return acc / s.total;
}

/** (1/N_s) Σ_j m_.j / j² */
export function smallColumnEmphasis(s: LevelSizeStats): number {
  let acc = 0;
  s.m.columns.forEach((j, c) => (acc += s.columnSums[c] / (j * j)));
  return acc / s.total;
}

/** (1/N_s) Σ_j m_.j j² */
export function largeColumnEmphasis(s: LevelSizeStats): number {
  let acc = 0;
  s.m.columns.forEach((j, c) => (acc += s.columnSums[c] * j * j));
  return acc / s.total;
}

/** (1/N_s) Σ_i m_i. / i² */
export function lowGreyLevelEmphasis(s: LevelSizeStats): number {
  let acc = 0;
  s.rowSums.forEach((r, i) => (acc += r / ((i + 1) * (i + 1))));
  return acc / s.total;
}

/** (1/N_s) Σ_i m_i. i² */
export function highGreyLevelEmphasis(s: LevelSizeStats): number {
  let acc = 0;
  s.rowSums.forEach((r, i) => (acc += r * (i + 1) * (i + 1)));
  return acc / s.total;
}

/** (1/N_s) Σ_i Σ_j m_ij / (i² j²) */
export function smallColumnLowGreyLevelEmphasis(s: LevelSizeStats): number {
  return meanOverCells(s, (i, j) => 1 / (i * i * j * j));
}

/** (1/N_s) Σ_i Σ_j m_ij i² / j² */
export function smallColumnHighGreyLevelEmphasis(s: LevelSizeStats): number {
  return meanOverCells(s, (i, j) => (i * i) / (j * j));
}

/** (1/N_s) Σ_i Σ_j m_ij j² / i² */
export function largeColumnLowGreyLevelEmphasis(s: LevelSizeStats): number {
  return meanOverCells(s, (i, j) => (j * j) / (i * i));
}

/** (1/N_s) Σ_i Σ_j m_ij i² j² */
export function largeColumnHighGreyLevelEmphasis(s: LevelSizeStats): number {
  return meanOverCells(s, (i, j) => i * i * j * j);
}

/** (1/N_s) Σ_i m_i.² */
export function greyLevelNonUniformity(s: LevelSizeStats): number {
  let acc = 0;
  for (const r of s.rowSums) acc += r * r;
  return acc / s.total;
}

/** (1/N_s²) Σ_i m_i.² */
export function greyLevelNonUniformityNormalised(s: LevelSizeStats): number {
  return greyLevelNonUniformity(s) / s.total;
}

/** (1/N_s) Σ_j m_.j² */
export function columnNonUniformity(s: LevelSizeStats): number {
  let acc = 0;
  for (const r of s.columnSums) acc += r * r;
  return acc / s.total;
}

/** (1/N_s²) Σ_j m_.j² */
export function columnNonUniformityNormalised(s: LevelSizeStats): number {
  return columnNonUniformity(s) / s.total;
}

/** N_s / N_v */
export function percentage(s: LevelSizeStats): number {
  return s.total / s.m.voxels;
}

/** Σ_i Σ_j (i − μ)² p_ij, μ = Σ_i Σ_j i p_ij */
export function greyLevelVariance(s: LevelSizeStats): number {
  const mu = meanOverCells(s, (i) => i);
  return meanOverCells(s, (i) => (i - mu) ** 2);
}

/** Σ_i Σ_j (j − μ)² p_ij, μ = Σ_i Σ_j j p_ij */
export function columnVariance(s: LevelSizeStats): number {
  const mu = meanOverCells(s, (_i, j) => j);
  return meanOverCells(s, (_i, j) => (j - mu) ** 2);
}

/** −Σ_i Σ_j p_ij log₂ p_ij */
export function jointEntropy(s: LevelSizeStats): number {
  let h = 0;
  for (const v of s.m.counts)
    if (v > 0) {
      const p = v / s.total;
      h -= p * Math.log2(p);
    }
  return h;
}

/** Σ_i Σ_j p_ij² */
export function jointEnergy(s: LevelSizeStats): number {
  let acc = 0;
  for (const v of s.m.counts) acc += (v / s.total) ** 2;
  return acc;
}
