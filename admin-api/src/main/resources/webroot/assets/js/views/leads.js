// Leads: filtered by stage, decision reason, date, attention and text; newest call first; "load more" pages.
import { api } from '../api.js';
import { ago, badge, h, mount, phone, reasonBadge, stageBadge, table, urgencyBadge, zoneNote } from '../dom.js';

const REASONS = ['texted', 'within_duplicate_window', 'daily_sms_cap_reached', 'monthly_lead_cap_reached', 'caller_opted_out',
  'caller_cannot_receive_sms', 'billing_inactive', 'workspace_inactive', 'plan_lacks_textback', 'answered', 'anonymous_caller',
  'not_final', 'sending_paused'];
const REASON_WORDS = { texted: 'Texted back', within_duplicate_window: 'Already texted recently',
  daily_sms_cap_reached: 'Daily SMS cap reached', monthly_lead_cap_reached: 'Monthly lead cap reached',
  caller_opted_out: 'Caller opted out', caller_cannot_receive_sms: 'Cannot receive SMS', billing_inactive: 'Billing inactive',
  workspace_inactive: 'Workspace inactive', plan_lacks_textback: 'Plan lacks text-back', answered: 'Answered',
  anonymous_caller: 'Hidden number', not_final: 'In progress', sending_paused: 'Texting paused (carrier block)' };

export async function leads(ctx, content) {
  const saved = JSON.parse(sessionStorage.getItem('mcr.leadFilter') || '{}');
  const filter = { stage: '', reason: '', attention: '', q: '', from: '', ...saved };
  const control = (name, el) => {
    el.value = filter[name] || '';
    el.addEventListener('change', () => { filter[name] = el.value; save(); load(true); });
    return el;
  };
  const save = () => sessionStorage.setItem('mcr.leadFilter', JSON.stringify(filter));
  const list = h('div', { id: 'lead-list' });
  const more = h('button.btn', { hidden: true, onclick: () => load(false) }, 'Load more');
  let cursor = null;
  let rows = [];
  const search = h('input', { type: 'text', placeholder: 'Search number, need, address…', 'aria-label': 'Search' });
  search.value = filter.q;
  search.addEventListener('keydown', e => { if (e.key === 'Enter') { filter.q = search.value.trim(); save(); load(true); } });

  mount(content,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Leads'),
      h('div.sub', {}, 'Every caller, grouped, with why each call was or was not texted back. ', zoneNote(ctx.zones()))),
    h('div.spacer'), h('button.btn', { id: 'refresh-leads', onclick: () => load(true) }, '↻ Refresh')),
    h('div.filters', {},
      search,
      control('stage', h('select', { 'aria-label': 'Stage' }, h('option', { value: '' }, 'Any stage'),
        ['new', 'engaged', 'qualified', 'won', 'lost'].map(s => h('option', { value: s }, s)))),
      control('reason', h('select', { 'aria-label': 'Reason' }, h('option', { value: '' }, 'Any reason'),
        REASONS.map(r => h('option', { value: r }, REASON_WORDS[r])))),
      control('attention', h('select', { 'aria-label': 'Attention' }, h('option', { value: '' }, 'All leads'),
        h('option', { value: 'true' }, 'Needs attention'), h('option', { value: 'false' }, 'No attention needed'))),
      control('from', h('input', { type: 'date', 'aria-label': 'Called since' })),
      h('button.btn.small', { onclick: () => { Object.keys(filter).forEach(k => { filter[k] = ''; }); save(); ctx.go('#/leads'); } }, 'Clear')),
    h('section.card.flush', {}, list),
    h('div.row', { style: { justifyContent: 'center', marginTop: '12px' } }, more));

  async function load(reset) {
    if (reset) { cursor = null; rows = []; }
    const page = await api('/leads', { query: { workspace_id: ctx.workspaceId, stage: filter.stage, reason: filter.reason,
      attention: filter.attention, q: filter.q, from: filter.from, cursor, limit: 25 } });
    rows = rows.concat(page.data);
    cursor = page.next_cursor;
    more.hidden = !cursor;
    mount(list, table([
      { title: 'Caller', render: l => h('div', {}, h('strong', {}, phone(l.caller)), l.is_test ? [' ', badge('test', '', { class: 'test-badge' })] : null, l.need ? h('div.small.muted', {}, l.need) : null) },
      { title: 'Urgency', render: l => urgencyBadge(l.urgency) },
      { title: 'Workspace', render: l => l.workspace_name },
      { title: 'Stage', render: l => stageBadge(l.stage) },
      { title: 'Last call', render: l => ago(l.last_call_at, ctx.zoneOf(l.workspace_id)) },
      { title: 'Calls', render: l => l.call_count },
      { title: 'Why', render: l => reasonBadge(l.last_reason) },
      { title: '', render: l => l.attention ? badge(l.attention.label, 'bad', { title: l.attention.label }) : '' },
    ], rows, l => ctx.go(`#/leads/${l.id}`)));
  }
  await load(true);
  const timer = setInterval(() => { if (!cursor) load(true).catch(() => {}); }, 5000);
  return () => clearInterval(timer);
}
