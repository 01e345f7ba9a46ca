// The month's agent spend per agent, each with its share of the month's spend.
import { getJson, query } from './api.js';
import { $, el } from './dom.js';

export const agentsPanel = {
  load: (scope) => getJson(`/api/budget/agents${query(scope)}`),
  render(report) {
    const total = report.data.reduce((sum, agent) => sum + agent.spent, 0);
    const items = report.data.map((agent) => {
      const item = el('li', 'agent');
      const share = total > 0 ? (agent.spent / total) * 100 : 0;
      const bar = el('span', 'bar');
      bar.style.width = `${share}%`;
      item.append(el('span', 'name', agent.agent), el('span', 'spent', agent.display),
        el('span', 'share', `${share.toFixed(0)}% · ${agent.entries} ${agent.entries === 1 ? 'entry' : 'entries'}`), bar);
      return item;
    });
    $('agents').replaceChildren(...items);
    if (items.length === 0) $('agents').append(el('li', 'none', 'No agent spend this month'));
  },
};
