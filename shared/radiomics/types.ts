/**
 * Types shared by the feature engine: feature values, discretised ROIs and extraction settings.
 * Profiles (ibsi, ak, pyradiomics) all produce FeatureValue rows.
 */
import type { Vec3 } from '../image/volume';

export type FeatureFamily =
  | 'diagnostics'
  | 'morphology'
  | 'local_intensity'
  | 'statistics'
  | 'intensity_histogram'
  | 'ivh'
  | 'glcm'
  | 'glrlm'
  | 'glszm'
  | 'gldzm'
  | 'ngtdm'
  | 'ngldm'
  | 'gldm'
  | 'form_factor'
  | 'haralick'
  | 'histogram'
  | 'firstorder'
  | 'shape';

/** IBSI aggregation method id (texture), or 'none' for single-value features. */
export type Aggregation =
  | 'none'
  | '2D_avg' // BTW3
  | '2D_comb' // SUJT (slice-merged)
  | '2_5D_avg' // JJUI (direction-merged)
  | '2_5D_comb' // ZW7Z (merged)
  | '3D_avg' // ITBB
  | '3D_comb' // IAZD
  | '2D' // 8QNN (zone/neighbourhood matrices per slice)
  | '2_5D' // 62GR
  | '3D'; // KOBO

export interface FeatureValue {
  /** Display / export name (profile-specific, e.g. `stdDeviation`, `original_glcm_ClusterProminence`). */
  name: string;
  /** Reference key (IBSI: the z-rad/MIRP tag of the reference CSVs, e.g. `cm_joint_max_2D_avg`). */
  tag: string;
  /** 4-letter IBSI code, '' where none. */
  ibsi_id: string;
  family: FeatureFamily;
  aggregation: Aggregation;
  /** NaN is reported as null in JSON. */
  value: number;
}

/**
 * A ROI after discretisation, on its (possibly cropped) grid. Texture families read only this.
 * levels[n] ∈ 1..nLevels inside the intensity mask, 0 outside.
 */
export interface DiscretisedRoi {
  size: Vec3;
  spacing: Vec3;
  levels: Int32Array;
  nLevels: number;
  /**
   * Morphological ROI mask on the same grid (1 inside), before re-segmentation. GLDZM measures distances
   * to the ROI border on it (IBSI); absent → the intensity mask (levels > 0) is used.
   */
  morphMask?: Uint8Array;
}
