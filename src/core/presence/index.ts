// Presence: who is looking where, ephemeral and outside the investigation record (issue 12).
export * from './presence';
export * from './ignore';
