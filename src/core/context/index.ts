// The context engine's public API. See docs/adr/0008-context-and-explanations.md.
export type * from './types';
export { EVENT_KINDS } from './types';
export { HolidayCalendar, loadDateHolidays } from './holidays';
export { buildContext, resolvePlaces, holidaysFor, mappingFromDimensions, type ContextInput, type Place } from './context';
export { dstTransitions, irregularDays } from './dst';
export { parseEventsYaml, parseImpact, type ParsedEvents } from './events';
export { parseIcs, kindFromCategories, type IcsOptions } from './ics';
export { sameHourLastWeek, weekLagIndex, type Baseline } from './baseline';
export { HolidayImpactModel, describeImpact, type ImpactEstimate } from './impact';
export { profileSegment, aggregate, deviation, type SegmentProfile, type SliceDeviation } from './profile';
export { Explainer, toConfidences, CALIBRATION, type ExplainerOptions } from './explain';
