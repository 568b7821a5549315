/**
 * Every PyRadiomics baseline column of brain1, brain2 and breast1 (shape2D: profile.test.ts) — default, _2d (force2D), _FBN (binCount 64),
 * _combined (weightingNorm no_weighting), _flatRegion (binWidth 5000, resegmentRange [0]), _normalization
 * (normalize, scale 100, bin width 5) and _resegmentation (mean ± 3σ); _resampling: columnsResampling.test.ts —
 * configured from the column's own `diagnostics_Configuration_Settings` row as a PyRadiomics parameter file,
 * through parseSettings and computeFeatures('pyradiomics'): each value within PyRadiomics' 3% rule.
 */
import { pyradiomicsBaselineSuite } from '../../../main/testing/pyradiomicsBaseline';

pyradiomicsBaselineSuite([
  '',
  '_2d',
  '_FBN',
  '_combined',
  '_flatRegion',
  '_normalization',
  '_resegmentation',
]);
