/** The store's public surface: open/migrate plus typed repository functions. No SQL outside main/store. */
export * from './db';
export * from './audit';
export type { AuditVerification } from './auditChain';
export * from './patients';
export * from './imaging';
export * from './rois';
export * from './responses';
export * from './features';
export * from './models';
export { encodeMask, decodeMask, maskBoundingBox, MASK_ENCODING, type BoundingBox } from './mask-codec';
export * from './studyCodes';
