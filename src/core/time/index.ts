// Public surface of calendar arithmetic shared by the report, the detector and the explainer.
export { weekEarlier, weekEarlierIndex, weekLater, type Grid } from './weekShift';
