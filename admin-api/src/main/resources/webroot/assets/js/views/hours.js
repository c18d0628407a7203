// Settings › Business hours: the weekly schedule (several ranges a day, in the workspace's time zone) and
// the holidays and closures, validated by the API (every problem named at once), with where the business
// stands right now.
import { api } from '../api.js';
import { badge, card, field, h, mount, toast } from '../dom.js';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const STATES = { open: ['Open now', 'ok'], after_hours: ['Closed now (after hours)', 'warn'],
  holiday: ['Closed today (holiday)', 'warn'], unknown: ['Hours not set', ''] };

// "08:00-12:00, 13:00-18:00" <-> [{opens, closes}, ...]
const rangesText = ranges => ranges.map(r => `${r.opens}-${r.closes}`).join(', ');
function parseRanges(text) {
  return text.split(',').map(s => s.trim()).filter(Boolean).map(part => {
    const [opens, closes] = part.split('-').map(s => (s || '').trim());
    return { opens, closes: closes ?? '' };
  });
}

function closureRow(c = {}) {
  const row = h('div.row.closure', {},
    h('input', { type: 'date', name: 'from', value: c.from || '', 'aria-label': 'First day closed' }),
    h('input', { type: 'date', name: 'to', value: c.to && c.to !== c.from ? c.to : '', 'aria-label': 'Last day closed (optional)' }),
    h('input', { type: 'text', name: 'label', value: c.label || '', maxlength: 60, placeholder: 'Christmas Day', 'aria-label': 'Label' }),
    h('button.btn.small', { type: 'button', onclick: () => row.remove() }, 'Remove'));
  return row;
}

function nowLine(hours) {
  const [text, tone] = STATES[hours.now.state] || STATES.unknown;
  return h('div.row.wrap', { id: 'hours-now' }, badge(text, tone, { 'data-state': hours.now.state }),
    hours.now.hours_today ? h('span.muted.small', {}, `Today: ${hours.now.hours_today}`) : null,
    hours.now.state !== 'open' && hours.now.next_open_text ? h('span.muted.small', {}, `Opens ${hours.now.next_open_text}`) : null);
}

export async function hoursSection(ws, body) {
  let hours = await api(`/workspaces/${ws.id}/hours`);
  const inputs = new Map(DAYS.map(day => [day, h('input', { type: 'text', id: `hours-${day}`, name: day,
    value: rangesText(hours.weekly[day] || []), placeholder: 'closed' })]));
  const closures = h('div.stack', { id: 'closures' }, hours.closures.map(closureRow));
  const status = h('div', {}, nowLine(hours));
  const problems = h('div.small.bad', { id: 'hours-problems', role: 'alert' });
  const save = h('button.btn.primary', { id: 'save-hours', type: 'submit' }, 'Save hours');
  const clear = h('button.btn', { id: 'clear-hours', type: 'button', disabled: !hours.configured, onclick: async () => {
    hours = await api(`/workspaces/${ws.id}/hours`, { method: 'DELETE' });
    mount(status, nowLine(hours));
    toast('Hours cleared: missed calls get the open-hours copy again.');
  } }, 'Clear hours');
  const form = h('form.stack', { onsubmit: async e => {
    e.preventDefault();
    const weekly = {};
    for (const day of DAYS) weekly[day] = parseRanges(inputs.get(day).value);
    const list = [...closures.querySelectorAll('.closure')].map(row => {
      const f = name => row.querySelector(`[name=${name}]`).value.trim();
      return { from: f('from'), ...(f('to') ? { to: f('to') } : {}), label: f('label') };
    }).filter(c => c.from || c.label);
    save.disabled = true;
    try {
      hours = await api(`/workspaces/${ws.id}/hours`, { method: 'PUT', body: { weekly, closures: list } });
      problems.textContent = '';
      mount(status, nowLine(hours));
      clear.disabled = false;
      toast('Hours saved.');
    } catch (err) {
      problems.textContent = err.message;
      toast('The hours were not saved.', 'bad');
    } finally {
      save.disabled = false;
    }
  } },
  h('div.form-grid', {}, DAYS.map(day => field(day[0].toUpperCase() + day.slice(1), inputs.get(day),
    'e.g. 08:00-12:00, 13:00-18:00; empty: closed'))),
  h('h3', {}, 'Holidays and closures'),
  h('p.muted.small', {}, 'Whole days closed; leave the second date empty for a single day.'),
  closures,
  h('div.row', {}, h('button.btn.small', { id: 'add-closure', type: 'button', onclick: () => closures.append(closureRow()) },
    'Add a closure')),
  problems,
  h('div.form-actions', {}, save, clear));
  mount(body, card('Business hours', h('p.muted', {},
    'When the business is open. Missed calls after hours or on a holiday get their own text-back copy, ',
    'the AI and the intake script tell callers the hours, and follow-ups wait until you open.'), status, form));
}
