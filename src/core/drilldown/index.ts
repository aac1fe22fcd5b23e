// Drill-down: root-cause localization over dimensions, and the contribution table.
export { localize, DEFAULTS } from './localize';
export type * from './types';
