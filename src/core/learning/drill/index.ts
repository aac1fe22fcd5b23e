// Drills (issue 16, ADR 0021): a synthetic anomaly hidden in a copy of the data, and its scoring at the reveal. Pure.
export { DRILL_KINDS, KIND_LABELS, parseTruth, truthText, type DrillDeploy, type DrillEvent, type DrillKind, type DrillTruth } from './truth';
export { drillKinds, drillProblem, injectDrill, MIN_HISTORY_WEEKS, type DrillInput, type Drilled } from './inject';
export { kindNamed, overlap, PASS_SLICE_F1, PASS_WINDOW_INSIDE, revealProblem, scoreDrill, type DrillResult, type DrillWork } from './score';
export { datasetCsv } from './csv';
export { drillClock, type DrillClock } from './window';
