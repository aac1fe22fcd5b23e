// Public surface of anomaly scoring.
export { MAX_SCORE, pointScores } from './score';
export { anomalySegments, type ScoredSegment, type SegmentInput, type SegmentOptions } from './segments';
export { detectAnomalies, type Detection, type DetectOptions } from './detect';
