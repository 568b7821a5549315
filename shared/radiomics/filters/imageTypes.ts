/**
 * Image types (PyRadiomics `imageType:`; IBSI 2 filters): which response maps features are computed on.
 * Shared by the `pyradiomics` and `ibsi` profiles.
 */
import { z } from 'zod';

export const WAVELETS = ['coif1', 'haar'] as const;

export const ImageTypesSchema = z
  .object({
    Original: z.object({}).strict().optional(),
    /** Laplacian of Gaussian, one response map per σ (mm). */
    LoG: z
      .object({ sigma: z.array(z.number().positive()).min(1) })
      .strict()
      .optional(),
    /** Undecimated wavelet, level 1: the 8 decompositions LLL … HHH (4 in 2D). */
    Wavelet: z
      .object({ wavelet: z.enum(WAVELETS).default('coif1') })
      .strict()
      .optional(),
    /** IBSI 2 mean filter of `support` voxels per axis (odd). */
    Mean: z
      .object({
        support: z
          .number()
          .int()
          .min(1)
          .refine((v) => v % 2 === 1, 'support must be odd'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ImageTypes = z.infer<typeof ImageTypesSchema>;
