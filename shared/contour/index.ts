/**
 * Contouring cores (pure, on MaskVolume/Volume): brush, polygon/freehand fill, fill between slices,
 * island clean-up, undo/redo of diffs, ROI statistics and reader agreement. See each module.
 */
export * from './edit';
export * from './history';
export * from './plane';
export * from './brush';
export * from './polygon';
export * from './distance';
export * from './interpolate';
export * from './islands';
export * from './stats';
