/**
 * PyRadiomics-specific extraction options: what a PyRadiomics parameter file sets beyond the shared IBSI
 * settings (settings.ts holds resampling, re-segmentation, aggregation). Stored under `pyradiomics` in a
 * settings object; the `pyradiomics` profile reads them, and `imageTypes` (filters) the `ibsi` profile too.
 */
import { z } from 'zod';
import { ImageTypesSchema } from '../filters/imageTypes';

import { FEATURE_CLASSES } from './featureClasses';

export { FEATURE_CLASSES, type FeatureClass } from './featureClasses';

export const PyradiomicsOptionsSchema = z
  .object({
    /** Fixed bin width (PyRadiomics default 25), edges on multiples of the width. */
    binWidth: z.number().positive().optional(),
    /** Fixed bin count; overrides binWidth. */
    binCount: z.number().int().min(1).optional(),
    /** Added to intensities in Energy, TotalEnergy, RMS (PyRadiomics default 0). */
    voxelArrayShift: z.number().optional(),
    /** Texture in 2D slices along force2Ddimension (0 = axial k, 1 = coronal j, 2 = sagittal i). */
    force2D: z.boolean().optional(),
    force2Ddimension: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    /** Chebyshev distances of the GLCM angles and the GLDM/NGTDM neighbourhood (angles.ts); default [1]. */
    distances: z.array(z.number().int().min(1)).min(1).optional(),
    /**
     * GLCM/GLRLM angle handling: absent = features per angle, averaged; otherwise the angle matrices are summed
     * with PyRadiomics' distance weights (GLCM e^{−d²}, GLRLM d; d the norm of the offset in mm) and the
     * features computed once.
     */
    weightingNorm: z.enum(['manhattan', 'euclidean', 'infinity', 'no_weighting']).optional(),
    /** GLDM coarseness α. */
    gldmAlpha: z.number().min(0).optional(),
    /**
     * Intensity normalisation of the whole image before anything else (PyRadiomics normalize):
     * x ↦ scale · clip((x − mean)/sd, ±removeOutliers), mean and sd (N − 1) over all voxels.
     */
    normalize: z
      .object({ scale: z.number().positive().default(1), removeOutliers: z.number().positive().optional() })
      .strict()
      .optional(),
    /** New voxels kept around the ROI box when resampling (PyRadiomics padDistance, default 5). */
    padDistance: z.number().int().min(0).optional(),
    /** Mask value that is the ROI (other non-zero values are background). */
    label: z.number().int().optional(),
    /** Enabled classes → enabled features ([] = all of the class). Absent: every class, every feature. */
    classes: z.partialRecord(z.enum(FEATURE_CLASSES), z.array(z.string())).optional(),
    imageTypes: ImageTypesSchema.optional(),
  })
  .strict();
export type PyradiomicsOptions = z.infer<typeof PyradiomicsOptionsSchema>;
