// Small DOM helpers shared by the panels. Text always goes in as textContent, never as HTML.
export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function row(cells, span) {
  const tr = document.createElement('tr');
  for (const content of cells) {
    const td = content instanceof HTMLTableCellElement ? content : document.createElement('td');
    if (!(content instanceof HTMLTableCellElement)) {
      td.append(content);
    }
    if (span) td.colSpan = span;
    tr.append(td);
  }
  return tr;
}

export function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

/** A table body's rows, or one row saying it is empty. */
export function fill(tbody, rows, columns, emptyText) {
  tbody.replaceChildren(...rows);
  if (rows.length === 0) {
    tbody.append(row([cell('empty', emptyText)], columns));
  }
}

// Months and days are UTC calendar months and days: every time is shown in UTC, and says so.
const UTC_FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23', timeZoneName: 'short',
});

export function time(iso) {
  const node = el('time', null, UTC_FORMAT.format(new Date(iso)));
  node.dateTime = iso;
  node.title = iso;
  return node;
}
