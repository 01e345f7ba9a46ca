// Cumulative spend against the budget over the month, with top-ups and refunds, drawn as SVG by
// hand. Every label is a "display" string from the server.
const NS = 'http://www.w3.org/2000/svg';
const W = 760;
const H = 260;
const M = { top: 18, right: 18, bottom: 28, left: 72 };

export function drawChart(container, daily) {
  const days = daily.days;
  const axis = daily.axis;
  const top = axis[axis.length - 1].amount || 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  // The month runs from x(0), its first midnight, to x(days.length); day i fills [x(i), x(i + 1)].
  const x = (t) => M.left + (t / days.length) * plotW;
  const y = (amount) => M.top + plotH - (Math.max(amount, 0) / top) * plotH;
  const through = daily.through === null ? -1 : days.findIndex((d) => d.date === daily.through);

  const svg = node('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Cumulative spend against budget' });
  for (const tick of axis) {
    svg.append(node('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(tick.amount), y2: y(tick.amount) }));
    svg.append(text(tick.display, { class: 'tick', x: M.left - 10, y: y(tick.amount) + 4, 'text-anchor': 'end' }));
  }
  days.forEach((day, i) => {
    const n = i + 1;
    if (n === 1 || n % 5 === 0 || n === days.length) {
      svg.append(text(String(n), { class: 'tick', x: x(i + 0.5), y: H - 8, 'text-anchor': 'middle' }));
    }
  });

  if (through >= 0) {
    const past = days.slice(0, through + 1);
    const end = x(through + 1);
    // Spend rises through each day to the day's closing total: a filled area under a line.
    const spendLine = `M${x(0)},${y(0)}` + past.map((d, i) => `L${x(i + 1)},${y(d.spent_total)}`).join('');
    svg.append(node('path', { class: 'spend-area', d: `${spendLine}L${end},${y(0)}Z` }));
    svg.append(node('path', { class: 'spend-line', d: spendLine }));
    // The budget steps at the start of the day its money moved: solid up to today, dashed after.
    let budgetLine = `M${x(0)},${y(past[0].budget)}`;
    past.forEach((d, i) => {
      if (i > 0) budgetLine += `L${x(i)},${y(past[i - 1].budget)}L${x(i)},${y(d.budget)}`;
    });
    const last = past[past.length - 1].budget;
    svg.append(node('path', { class: 'budget-line', d: `${budgetLine}L${end},${y(last)}` }));
    if (through < days.length - 1) {
      svg.append(node('path', { class: 'budget-line future', d: `M${end},${y(last)}L${x(days.length)},${y(last)}` }));
      svg.append(node('line', { class: 'today', x1: end, x2: end, y1: M.top, y2: M.top + plotH }));
    }
    past.forEach((d, i) => {
      if (d.credited > 0) marker(svg, x(i + 0.5), y(d.budget), 'topup', `+${d.display.credited}`);
      if (d.debited > 0) marker(svg, x(i + 0.5), y(d.budget), 'refund', `−${d.display.debited}`);
    });
  }
  // One invisible column per day carries the day's numbers as a tooltip.
  days.slice(0, through + 1).forEach((d, i) => {
    const hit = node('rect', { class: 'hit', x: x(i), y: M.top, width: x(1) - x(0), height: plotH });
    const lines = [d.date, `budget ${d.display.budget}`, `spent ${d.display.spent_total}`];
    if (d.credited) lines.push(`top-up ${d.display.credited}`);
    if (d.debited) lines.push(`refund ${d.display.debited}`);
    if (d.spent) lines.push(`spent that day ${d.display.spent}`);
    hit.append(text(lines.join('\n'), {}, 'title'));
    svg.append(hit);
  });
  container.replaceChildren(svg);
}

function marker(svg, cx, cy, kind, label) {
  svg.append(node('circle', { class: `marker ${kind}`, cx, cy, r: 5 }));
  const nearEnd = cx > W - 130;
  svg.append(text(label, {
    class: `marker-label ${kind}`, x: nearEnd ? cx - 8 : cx + 8, y: kind === 'topup' ? cy - 8 : cy + 16,
    'text-anchor': nearEnd ? 'end' : 'start',
  }));
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
