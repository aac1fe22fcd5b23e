// Drill-down: root-cause localization over dimensions, and the contribution table.
export { localize, DEFAULTS } from './localize';
export { contributionTable } from './contribution';
export type * from './types';
