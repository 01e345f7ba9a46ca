// The month at a glance: the four figures, utilization against the thresholds, the chart, alerts.
import { getJson, query } from './api.js';
import { drawChart } from './chart.js';
import { $, el } from './dom.js';

let shown = null;

export const monthPanel = {
  load: (scope) => getJson(`/api/budget/daily${query(scope)}`),
  render(daily) {
    shown = daily;
    renderStatus(daily.status, daily.thresholds);
    drawChart($('chart'), daily);
  },
};

// The chart is drawn at its container's width: draw it again when that changes.
let resizing = null;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => shown && drawChart($('chart'), shown), 100);
});

function renderStatus(status, thresholds) {
  for (const field of ['budget', 'spent', 'reserved', 'remaining']) {
    $(field).textContent = status.display[field];
  }
  $('remaining').classList.toggle('negative', status.remaining < 0);
  const utilization = status.utilization;
  const percent = utilization === null ? null : utilization * 100;
  $('utilization').textContent = percent === null ? 'no budget' : `${percent.toFixed(1)}%`;
  const fill = $('meter-fill');
  fill.style.width = `${Math.min(percent ?? 100, 100)}%`;
  fill.dataset.level = percent === null || percent >= 100 ? 'over' : percent >= 80 ? 'high' : percent >= 50 ? 'mid' : 'low';
  fill.parentElement.setAttribute('aria-valuenow', String(Math.round(percent ?? 100)));
  const marks = $('meter-marks');
  marks.replaceChildren(...thresholds.filter((t) => t <= 100).map((t) => {
    const mark = el('span', 'mark', `${t}%`);
    mark.style.left = `${t}%`;
    mark.classList.toggle('reached', status.alerts.includes(t));
    return mark;
  }));
  const alerts = $('alerts');
  alerts.replaceChildren(...status.alerts.map((t) => el('li', t >= 100 ? 'alert over' : 'alert', `${t}% of the budget spent`)));
  if (status.alerts.length === 0) {
    alerts.append(el('li', 'none', 'No active alerts'));
  }
}
