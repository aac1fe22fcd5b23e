// Public surface of anomaly scoring.
export { pointScores } from './score';
export { anomalySegments, type ScoredSegment, type SegmentInput, type SegmentOptions } from './segments';
export { detectAnomalies, type Detection, type DetectOptions } from './detect';
