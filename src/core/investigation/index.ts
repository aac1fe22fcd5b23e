// Investigations: the append-only event log of one anomaly's investigation, and its fold (ADR 0015).
export * from './events';
export * from './log';
export * from './fold';
export * from './summary';
export * from './people';
