// Built alone into dist/holidays.js, so the 1.6 MB of holiday data is neither loaded nor even
// parsed until the first report needs holidays (see scripts/build.mjs).
export { default } from 'date-holidays';
