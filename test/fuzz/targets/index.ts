// Every fuzz target, in the order of the report table.
import type { AnyTarget } from '../types';
import { csvTarget } from './csv';
import { configTarget } from './config';
import { eventsTarget } from './events';
import { icsTarget } from './ics';
import { protocolTarget } from './protocol';
import { forecastTarget, localizeTarget } from './engines';
import { pipelineTarget, snapshotTarget } from './report';

export const TARGETS: readonly AnyTarget[] = [
  csvTarget,
  configTarget,
  eventsTarget,
  icsTarget,
  protocolTarget,
  snapshotTarget,
  forecastTarget,
  localizeTarget,
  pipelineTarget,
] as unknown as AnyTarget[];
