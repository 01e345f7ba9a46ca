// Cumulative spend against the budget over the month, with payments, top-ups and refunds, drawn as
// SVG by hand. Every label is a "display" string from the server. The money markers sit on the
// budget line in the middle of their day, where the budget steps; their labels sit in a band above
// the plot, so they never cover the lines or each other.
const NS = 'http://www.w3.org/2000/svg';
const PLOT_H = 220;
const ROW = 15;
const M = { right: 18, bottom: 28, left: 72 };
const KINDS = [
  { kind: 'payment', amount: (d) => d.paid, label: (d) => `+${d.display.paid}`, tip: 'payment' },
  { kind: 'topup', amount: (d) => d.topped_up, label: (d) => `+${d.display.topped_up}`, tip: 'top-up' },
  { kind: 'refund', amount: (d) => d.debited, label: (d) => `−${d.display.debited}`, tip: 'refund' },
];

export function drawChart(container, daily) {
  // As wide as its container, one unit a pixel: the text keeps its size on a narrow screen.
  const W = Math.max(320, Math.round(container.clientWidth) || 760);
  const days = daily.days;
  const axis = daily.axis;
  const peak = axis[axis.length - 1].amount || 1;
  const plotW = W - M.left - M.right;
  // The month runs from x(0), its first midnight, to x(days.length); day i fills [x(i), x(i + 1)].
  const x = (t) => M.left + (t / days.length) * plotW;
  const through = daily.through === null ? -1 : days.findIndex((d) => d.date === daily.through);
  const past = through >= 0 ? days.slice(0, through + 1) : [];

  const markers = placeMarkers(past, x, W);
  const rows = markers.reduce((most, m) => Math.max(most, m.row + 1), 0);
  const top = Math.max(rows, 1) * ROW + 12;
  const H = top + PLOT_H + M.bottom;
  const y = (amount) => top + PLOT_H - (Math.max(amount, 0) / peak) * PLOT_H;

  const svg = node('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Cumulative spend against budget' });
  for (const tick of axis) {
    svg.append(node('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(tick.amount), y2: y(tick.amount) }));
    svg.append(text(tick.display, { class: 'tick', x: M.left - 10, y: y(tick.amount) + 4, 'text-anchor': 'end' }));
  }
  days.forEach((day, i) => {
    const n = i + 1;
    const step = W < 560 ? 10 : 5;
    // Every step-th day, the first and the last, but no step so close to the last that they collide.
    if (n === 1 || n === days.length || (n % step === 0 && days.length - n >= 3)) {
      svg.append(text(String(n), { class: 'tick', x: x(i + 0.5), y: H - 8, 'text-anchor': 'middle' }));
    }
  });

  if (past.length > 0) {
    const end = x(through + 1);
    // Spend rises through each day to the day's closing total: a filled area under a line.
    const spendLine = `M${x(0)},${y(0)}` + past.map((d, i) => `L${x(i + 1)},${y(d.spent_total)}`).join('');
    svg.append(node('path', { class: 'spend-area', d: `${spendLine}L${end},${y(0)}Z` }));
    svg.append(node('path', { class: 'spend-line', d: spendLine }));
    // The budget steps in the middle of the day its money moved, under that day's markers.
    let budget = 0;
    let budgetLine = `M${x(0)},${y(0)}`;
    past.forEach((d, i) => {
      if (d.budget !== budget) budgetLine += `L${x(i + 0.5)},${y(budget)}L${x(i + 0.5)},${y(d.budget)}`;
      budget = d.budget;
    });
    svg.append(node('path', { class: 'budget-line', d: `${budgetLine}L${end},${y(budget)}` }));
    if (through < days.length - 1) {
      svg.append(node('path', { class: 'budget-line future', d: `M${end},${y(budget)}L${x(days.length)},${y(budget)}` }));
      svg.append(node('line', { class: 'today', x1: end, x2: end, y1: top, y2: top + PLOT_H }));
    }
    for (const m of markers) {
      const cy = y(past[m.day].budget);
      const ly = 4 + (m.row + 1) * ROW - 4;
      svg.append(node('line', { class: `leader ${m.kind}`, x1: m.cx, x2: m.cx, y1: ly + 3, y2: cy - 6 }));
      svg.append(node('circle', { class: `marker ${m.kind}`, cx: m.cx, cy, r: 5, 'data-date': past[m.day].date }));
      svg.append(text(m.label, { class: `marker-label ${m.kind}`, x: m.lx, y: ly, 'text-anchor': 'middle' }));
    }
  }
  // One invisible column per day carries the day's numbers as a tooltip.
  past.forEach((d, i) => {
    const hit = node('rect', { class: 'hit', x: x(i), y: top, width: x(1) - x(0), height: PLOT_H, 'data-date': d.date });
    const lines = [`${d.date} (UTC)`, `budget ${d.display.budget}`, `spent ${d.display.spent_total}`];
    for (const k of KINDS) if (k.amount(d) > 0) lines.push(`${k.tip} ${k.label(d)}`);
    if (d.spent) lines.push(`spent that day ${d.display.spent}`);
    hit.append(text(lines.join('\n'), {}, 'title'));
    svg.append(hit);
  });
  container.replaceChildren(svg);
}

/**
 * One marker per kind of money on each day, side by side when a day has several, and its label in
 * the first band row where it touches no other label (widths estimated from the 11 px font).
 */
function placeMarkers(past, x, W) {
  const markers = [];
  past.forEach((d, day) => {
    const kinds = KINDS.filter((k) => k.amount(d) > 0);
    kinds.forEach((k, n) => {
      const cx = x(day + 0.5) + (n - (kinds.length - 1) / 2) * 12;
      markers.push({ day, kind: k.kind, cx, label: k.label(d) });
    });
  });
  const rowEnds = [];
  for (const m of markers) {
    const width = m.label.length * 6.6 + 4;
    m.lx = Math.min(Math.max(m.cx, M.left + width / 2), W - M.right - width / 2);
    const left = m.lx - width / 2;
    let row = rowEnds.findIndex((end) => end + 6 <= left);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = left + width;
    m.row = row;
  }
  return markers;
}

function node(tag, attributes) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function text(content, attributes, tag = 'text') {
  const element = node(tag, attributes);
  element.textContent = content;
  return element;
}
