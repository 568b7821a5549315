/** PyRadiomics' feature classes (`featureClass:` in a parameter file), in PyRadiomics' order. */
export const FEATURE_CLASSES = [
  'firstorder',
  'shape',
  'shape2D',
  'glcm',
  'glrlm',
  'glszm',
  'gldm',
  'ngtdm',
] as const;
export type FeatureClass = (typeof FEATURE_CLASSES)[number];
