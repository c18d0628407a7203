// One lead: who called, every call with its decision and why in plain words, and the conversation.
import { api } from '../api.js';
import { badge, card, h, mount, phone, reasonBadge, stamp, toast, urgencyBadge, when, zoneNote } from '../dom.js';
import { thread } from './thread.js';
import { voiceCalls } from './voice.js';

export async function lead(ctx, content, id) {
  const draft = { value: '' };
  const threadBox = h('div', { id: 'conversation' });
  const head = h('div');
  const facts = h('div');
  const calls = h('div');
  const voice = h('div');
  const outcomeBox = h('div', { id: 'lead-outcome' });
  mount(content,
    h('div', { style: { marginBottom: '12px' } }, h('a', { href: '#/leads' }, '← Leads')),
    head,
    h('div.grid.two', {},
      h('div.stack', {}, card('Conversation', threadBox), card('Call history', calls), card('Voice recovery', voice)),
      h('div.stack', {}, card('Details', facts), card('Outcome', outcomeBox))));

  async function refresh() {
    const l = await api(`/leads/${id}`);
    const tz = ctx.zoneOf(l.workspace_id);
    const stage = h('select', { 'aria-label': 'Stage', id: 'lead-stage', onchange: async () => {
      try {
        await api(`/leads/${id}`, { method: 'PATCH', body: { stage: stage.value } });
        toast(`Moved to ${stage.value}`);
      } catch (e) {
        toast(e.message, 'bad');
      }
    } }, ['new', 'engaged', 'qualified', 'won', 'lost'].map(s => h('option', { value: s, selected: s === l.stage }, s)));
    if (document.activeElement?.id !== 'lead-stage') mount(head, h('div.page-head', {},
      h('div', {}, h('h1', { id: 'lead-caller' }, phone(l.caller)),
        h('div.sub', {}, l.workspace_name, ' · first called ', when(l.first_call_at, tz), ' · ',
          `${l.call_count} call${l.call_count === 1 ? '' : 's'}`, ' · ', zoneNote(tz))),
      h('div.spacer'),
      l.is_test ? badge('Test caller: not counted in reports', '', { id: 'lead-test' }) : null,
      l.attention ? badge(l.attention.label, 'bad') : null,
      stage));
    mount(facts, h('dl.kv', {},
      l.textback_scheduled ? h('dt', {}, 'Text-back') : null,
      l.textback_scheduled ? h('dd', { id: 'textback-scheduled', dataset: { due: l.textback_scheduled.due_at } },
        l.textback_scheduled.words) : null,
      h('dt', {}, 'Number'), h('dd.mono', {}, l.caller),
      h('dt', {}, 'Needs'), h('dd', {}, l.need || h('span.muted', {}, 'Not told yet')),
      h('dt', {}, 'Address'), h('dd', {}, l.address || h('span.muted', {}, 'Not told yet')),
      h('dt', {}, 'Urgency'), h('dd', { id: 'lead-urgency' }, urgencyBadge(l.urgency)),
      h('dt', {}, 'Call back'), h('dd', { id: 'lead-callback' }, callbackText(l.callback)),
      h('dt', {}, 'Last texted'), h('dd', { id: 'last-texted', dataset: { at: l.last_texted_at || '' } }, stamp(l.last_texted_at, tz)),
      h('dt', {}, 'Latest decision'), h('dd', {}, reasonBadge(l.last_reason))));
    mount(calls, l.calls.length ? h('ul.timeline', { id: 'calls' }, l.calls.map(c => h('li', { dataset: { reason: c.reason.code } },
      h('span', { class: `mark ${c.decision}` }),
      h('div', {},
        h('div.row.wrap', {}, h('strong', {}, stamp(c.received_at, tz)), reasonBadge(c.reason), c.is_test ? badge('test call') : null,
          h('span.muted.small', {}, `to ${phone(c.called)} · ${c.routing_mode}${c.call_status ? ' · ' + c.call_status : ''}`)),
        h('div.why', {}, c.reason.explanation),
        h('a.small', { href: `#/support/call/${c.id}`, dataset: { support: c.id } }, 'Prepare for support'))))) : h('div.empty', {}, 'No calls.'));
    await voiceCalls(voice, id, tz);
    if (document.activeElement?.id !== 'booked-value') mount(outcomeBox, outcome(l, refresh, tz));
    const focused = document.activeElement?.id === 'reply';
    thread(threadBox, { conversation: l.conversation, leadId: l.id, refresh, draft, tz });
    if (focused) document.getElementById('reply')?.focus();
  }
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 4000);
  return () => clearInterval(timer);
}

// When the caller asked to be called back: the window on the workspace's clock, with what they said
function callbackText(cb) {
  if (!cb) return h('span.muted', {}, 'Not told yet');
  if (!cb.window) return h('span', {}, `“${cb.said}”`);
  return h('span', {}, cb.window.words, cb.said ? h('span.muted.small', {}, ` · “${cb.said}”`) : null);
}

// Booked (won) with what the job is worth: recovered revenue in the overview counts only these values.
function outcome(l, refresh, tz) {
  const value = h('input', { id: 'booked-value', type: 'number', min: '0', step: '0.01', placeholder: 'Value (optional)',
    'aria-label': 'Booked value', value: l.booked_value ?? '' });
  const send = async (body, words) => {
    try {
      await api(`/leads/${l.id}/outcome`, { method: 'POST', body });
      toast(words);
      await refresh();
    } catch (e) {
      toast(e.message, 'bad');
    }
  };
  const booked = l.booked_at
    ? h('div', {}, badge('Booked', 'ok'), ' ', l.booked_value != null ? h('strong', { id: 'booked-amount' }, l.booked_value.toFixed(2)) : h('span.muted', {}, 'no value given'),
      h('div.small.muted', {}, 'since ', stamp(l.booked_at, tz), l.outcome_source === 'webhook' ? ' · reported by the business\'s tools' : ''))
    : h('div.muted', {}, 'Not booked yet');
  return h('div.stack', {}, booked,
    h('div.row.wrap', {}, value,
      h('button', { id: 'mark-booked', onclick: () => send(value.value === '' ? {} : { value: Number(value.value) }, 'Marked booked') },
        l.booked_at ? 'Update value' : 'Mark booked'),
      l.booked_at ? h('button', { onclick: () => send({ outcome: 'open' }, 'Booking cleared') }, 'Not booked') : null));
}
