// The "why" beside the numbers: the report window's anomalies with their likely explanations.
// Native <details> keeps it keyboard-friendly. The week's context list is contextList.ts.
import { ownEntry, type ReportSnapshot } from '../src/messaging/protocol';
import { el } from './table';
import { formatInstant, sliceName } from './format';

export const KIND_WORDS: Record<string, string> = {
  holiday: 'Holiday',
  event: 'Event',
  deploy: 'Deploy',
  dst: 'DST',
  late_data: 'Late data',
  data_gap: 'Data gap',
  unexplained: 'Unexplained',
};

/** A <section> named by its own <h2>, for screen readers' landmark lists. */
export function titledSection(name: string, title: string): HTMLElement {
  const section = el('section', name);
  const h = el('h2', undefined, title);
  h.id = `${name}-title`;
  section.setAttribute('aria-labelledby', h.id);
  section.append(h);
  return section;
}

export function renderAnomalies(s: ReportSnapshot): HTMLElement {
  const section = titledSection(
    'anomalies',
    s.analysis === 'pending'
      ? 'Anomalies in the last 24 hours'
      : s.anomalies.length
        ? `Anomalies in the last 24 hours (${s.anomalies.length})`
        : 'No anomalies in the last 24 hours',
  );
  if (s.analysis === 'pending') {
    section.setAttribute('aria-busy', 'true');
    section.append(el('p', 'meta', 'Forecasting each metric and gathering holidays, events and deploys…'));
    return section;
  }
  if (!s.anomalies.length) {
    section.append(el('p', 'meta', "Every hour of every metric is inside its forecast's 95% band."));
    return section;
  }
  const list = el('ul', 'anomaly-list');
  for (const a of s.anomalies) {
    const li = el('li', `anomaly ${a.direction}`);
    li.dataset.metric = a.metric;
    li.dataset.start = String(a.start); // with the metric, names the anomaly for a `reveal`
    const d = el('details');
    const top = a.explanations[0];
    const when = `${formatInstant(a.start, s.timezone, 'ccc HH:mm')}–${formatInstant(a.end, s.timezone, 'HH:mm')}`;
    const pct = `${a.vsForecastPct > 0 ? '+' : '−'}${Math.abs(a.vsForecastPct).toFixed(0)}%`;
    const summary = el('summary');
    summary.append(
      el('span', 'anomaly-what', `${a.label} ${a.direction === 'down' ? '▼' : '▲'} ${pct} vs forecast, ${when}`),
      el('span', 'anomaly-why', top ? ` — likely: ${top.title} (${Math.round(top.confidence * 100)}%)` : ''),
    );
    d.append(summary);
    if (a.where.length) {
      const where = el('p', 'where');
      const slices = a.where.map(w => {
        const change = w.relativeChange === null ? '' : ` ${w.relativeChange > 0 ? '+' : '−'}${Math.abs(w.relativeChange * 100).toFixed(0)}%`;
        return `${sliceName(w.dims)}${change} (${Math.round(w.share * 100)}% of the change)`;
      });
      where.append(el('strong', undefined, 'Where: '), document.createTextNode(slices.join('; ')));
      d.append(where);
    }
    if (a.whereNote) d.append(el('p', 'where-note', `Search narrowed: ${a.whereNote}`));
    const ol = el('ol', 'explanations');
    ol.setAttribute('aria-label', 'Likely explanations, most likely first');
    for (const x of a.explanations) {
      const item = el('li', `explanation ${x.kind}`);
      item.append(
        el('strong', undefined, `${ownEntry(KIND_WORDS, x.kind) ?? x.kind}: ${x.title}`),
        el('span', 'confidence', ` ${Math.round(x.confidence * 100)}%`),
      );
      const ev = el('ul', 'evidence');
      for (const e of x.evidence) ev.append(el('li', undefined, e.text));
      item.append(ev);
      ol.append(item);
    }
    d.append(ol);
    li.append(d);
    list.append(li);
  }
  section.append(list);
  return section;
}
