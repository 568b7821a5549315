/**
 * Every PyRadiomics baseline column of brain1, brain2 and breast1 (shape2D: profile.test.ts) — the _resampling columns (2 mm isotropic, sitkBSpline,
 * PyRadiomics' corner-aligned grid and nearest-neighbour mask); the others: columns.test.ts —
 * configured from the column's own `diagnostics_Configuration_Settings` row as a PyRadiomics parameter file,
 * through parseSettings and computeFeatures('pyradiomics'): each value within PyRadiomics' 3% rule.
 */
import { pyradiomicsBaselineSuite } from '../../../main/testing/pyradiomicsBaseline';

pyradiomicsBaselineSuite(['_resampling']);
