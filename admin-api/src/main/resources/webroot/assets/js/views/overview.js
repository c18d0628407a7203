// Overview: what was recovered, how fast, what needs attention, usage against caps, setup health.
import { api } from '../api.js';
import { badge, card, h, mount, percent, seconds, stamp, zoneNote } from '../dom.js';

const COLORS = ['#4f46e5', '#06b6d4', '#f59e0b', '#ef4444', '#10b981', '#8b5cf6', '#64748b', '#ec4899', '#84cc16'];

export async function overview(ctx, content) {
  const days = Number(sessionStorage.getItem('mcr.days') || 30);
  const data = await api('/overview', { query: { workspace_id: ctx.workspaceId, days } });
  const scope = ctx.workspace()?.name || 'All workspaces';
  const period = h('select', { 'aria-label': 'Period', onchange: e => { sessionStorage.setItem('mcr.days', e.target.value); ctx.go('#/overview'); } },
    [7, 30, 90].map(d => h('option', { value: d, selected: d === days }, `Last ${d} days`)));
  const trend = h('canvas', { 'aria-label': 'Missed calls and text-backs per day' });
  const reasons = h('canvas', { 'aria-label': 'Why calls were or were not texted back' });
  mount(content,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Overview'), h('div.sub', {}, scope, ' · ', day(data.from), ' to ', day(data.to), ' · ', zoneNote(ctx.zones()))),
      h('div.spacer'), period),
    h('div.stack', {},
      paused(ctx, data.sending_paused || []),
      h('div.grid.kpis', {},
        kpi('Recovered leads', data.recovered_leads, 'Leads texted back', 'kpi-recovered'),
        kpi('Text-back rate', percent(data.text_back_rate), `${data.texted_calls} of ${plural(data.funnel?.textable_calls
          ?? data.missed_calls - (data.suppressed_calls || 0), 'textable missed call')}`
          + (data.voice_recovered_calls ? ` · ${data.voice_recovered_calls} recovered by voice (no text needed)` : '')
          + (data.suppressed_calls ? ` · ${data.suppressed_calls} not textable (opted out, no SMS, hidden number)` : ''), 'kpi-rate'),
        kpi('Median time to text-back', !data.texted_calls || data.median_seconds_to_text_back == null ? '—'
          : data.median_seconds_to_text_back < 0.1 ? 'under 0.1 s' : seconds(data.median_seconds_to_text_back),
        data.texted_calls ? 'From the missed call to the text' : 'No text-backs in this period yet', 'kpi-median'),
        h('a', { href: '#/leads?attention=true', onclick: e => { e.preventDefault(); sessionStorage.setItem('mcr.leadFilter', JSON.stringify({ attention: 'true' })); ctx.go('#/leads'); } },
          kpi('Need attention', data.leads_needing_attention, 'Emergencies, replies waiting, failed texts, fixable skips', 'kpi-attention',
            data.leads_needing_attention > 0)),
        kpi('New leads', data.new_leads, `${plural(data.answered_calls, 'call')} answered by the business`, 'kpi-new'),
        voiceKpi(data.voice),
        data.intake_page && data.intake_page.sent ? kpi('Intake page', `${data.intake_page.submitted} / ${data.intake_page.opened}`,
          `submitted / opened, of ${data.intake_page.sent} links sent`, 'kpi-intake') : null),
      data.funnel ? card('From missed call to booked job', funnel(data.funnel)) : null,
      h('div.grid.two', {},
        card('Missed calls and text-backs', h('div.chart-box', {}, trend)),
        card('Why calls were or were not texted', h('div.chart-box.ring', {}, reasons), legend(data.reasons))),
      h('div.grid.halves', {},
        card('Usage against caps', usage(data.usage)),
        card(h('div.row', {}, h('h2', {}, 'Phone setup'), h('div.spacer'), h('a', { href: '#/settings/numbers' }, 'Details')),
          setup(data.setup)))));
  drawTrend(trend, data.daily);
  drawReasons(reasons, data.reasons);
}

// Carriers blocked these workspaces' texts (Twilio 30007/30034): texting callers waits for an operator.
function paused(ctx, list) {
  if (!list.length) return null;
  const why = code => code === 30034 ? 'the number is not registered for A2P 10DLC' : 'carriers filtered its texts';
  return card('Texting paused', h('ul.check-list', { id: 'sending-paused' }, list.map(p => h('li', {},
    h('span', { class: 'no' }, '!'),
    h('div', {}, h('strong', {}, p.workspace_name), ' ',
      h('span.muted', {}, `· since ${stamp(p.since, ctx.zoneOf(p.workspace_id))} · ${why(p.code)} (Twilio ${p.code})`),
      h('div.small.muted', {}, 'Missed callers are not texted back until this is fixed and sending is resumed.'),
      h('button', { onclick: async () => { await api(`/workspaces/${p.workspace_id}/sending/resume`, { method: 'POST' });
        ctx.go('#/overview'); } }, 'Resume sending'))))));
}

// Calls the voice assistant answered and completed (no text needed), and why the others fell back.
function voiceKpi(v) {
  if (!v || !(v.recovered_calls || v.fallback_calls)) return null;
  const why = (v.fallbacks || []).map(f => `${f.label.toLowerCase()} ${f.calls}`).join(', ');
  return kpi('Recovered by voice', v.recovered_calls,
    v.fallback_calls ? `${plural(v.fallback_calls, 'call')} fell back: ${why}` : 'No call fell back', 'kpi-voice');
}

function kpi(label, value, hint, id, alarm) {
  return h(`div.card.kpi${alarm ? '.attention' : ''}`, { id },
    h('div.label', {}, label), h('div.value', {}, value ?? '—'), h('div.hint', {}, hint));
}

function usage(list) {
  if (!list.length) return h('div.empty', {}, 'No workspaces yet.');
  return h('div', {}, list.map(u => h('div', { style: { marginBottom: '14px' } },
    h('h3', {}, u.workspace_name),
    meter('SMS today', u.sms_today),
    meter('Leads this month', u.leads_this_month))));
}

function meter(label, m) {
  return h('div.usage-row', {},
    h('div', {}, h('div.row', {}, h('span', {}, label), h('div.spacer'), h('span.muted.small', {}, `${m.used} / ${m.cap}`)),
      h(`div.meter${m.reached ? '.full' : ''}`, {}, h('span', { style: { width: `${Math.max(m.percent, m.used ? 2 : 0)}%` } }))),
    m.reached ? badge('Cap reached', 'bad') : badge(`${m.percent}%`, m.percent >= 80 ? 'warn' : ''));
}

function setup(s) {
  if (!s.numbers) return h('div.empty', {}, 'No active numbers. Add one under Numbers & setup.');
  return h('div', {},
    h('div.row.wrap', { style: { marginBottom: '12px' } },
      badge(`${s.verified} verified`, 'ok'), badge(`${s.incomplete} incomplete`, 'warn'),
      badge(`${s.action_needed} need action`, s.action_needed ? 'bad' : '')),
    h('ul.check-list', {}, s.details.slice(0, 6).map(n => h('li', {},
      h('span', { class: n.state === 'verified' ? 'ok' : 'no' }, n.state === 'verified' ? '✓' : '!'),
      h('div', {}, h('strong', {}, n.phone_number), ' ', h('span.muted', {}, `· ${n.workspace_name}`),
        n.missing.length ? h('div.small.muted', {}, n.missing[0]) : h('div.small.muted', {}, 'Everything checks out'))))));
}

function drawTrend(canvas, daily) {
  if (!window.Chart) return;
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: daily.map(d => d.date.slice(5)),
      datasets: [
        { type: 'line', label: 'New leads', data: daily.map(d => d.new_leads), borderColor: '#f59e0b', backgroundColor: '#f59e0b',
          tension: .3, pointRadius: 2, yAxisID: 'y' },
        { label: 'Missed calls', data: daily.map(d => d.missed_calls), backgroundColor: '#c7d2fe', borderRadius: 4 },
        { label: 'Texted back', data: daily.map(d => d.texted_calls), backgroundColor: '#4f46e5', borderRadius: 4 },
      ],
    },
    options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false } } } },
  });
}

function drawReasons(canvas, reasons) {
  if (!window.Chart) return;
  if (!reasons.length) {
    canvas.replaceWith(h('div.empty', {}, 'No calls in this period yet.'));
    return;
  }
  new window.Chart(canvas, {
    type: 'doughnut',
    data: { labels: reasons.map(r => r.label), datasets: [{ data: reasons.map(r => r.calls), backgroundColor: COLORS }] },
    // the legend is drawn below the ring as wrapping text (legend()), so no label is ever cut off
    options: { maintainAspectRatio: false, animation: false, cutout: '62%', plugins: { legend: { display: false } } },
  });
}

function legend(reasons) {
  if (!reasons.length) return null;
  return h('ul.legend', { id: 'reasons-legend' }, reasons.map((r, i) => h('li', { dataset: { reason: r.code } },
    h('span.swatch', { style: { background: COLORS[i % COLORS.length] } }), h('span.legend-label', {}, r.label),
    h('span.muted', {}, ` ${r.calls}`))));
}

// "Dec 4, 2026" for a local day ("2026-12-04"): already the workspace's day, so it is read as it is.
function day(date) {
  const [y, m, d] = String(date).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

// Missed calls → texted → replied → booked; revenue only from the values of booked leads.
function funnel(f) {
  const step = (label, n, hint, id) => h('div.kpi', { id }, h('div.label', {}, label), h('div.value', {}, n), h('div.hint', {}, hint));
  return h('div.grid.kpis', { id: 'funnel' },
    step('Missed calls', f.missed_calls, [f.suppressed_calls ? `${plural(f.suppressed_calls, 'call')} could not be texted` : null,
      f.voice_recovered_calls ? `${f.voice_recovered_calls} recovered by voice` : null].filter(Boolean).join(' · ')
      || 'All could be texted', 'funnel-missed'),
    step('Texted back', f.texted_calls, `${f.texted_leads} caller${f.texted_leads === 1 ? '' : 's'}`, 'funnel-texted'),
    step('Replied', f.replied_leads, 'Texted callers who wrote back', 'funnel-replied'),
    step('Booked', f.booked_leads, 'Marked booked by staff or your tools', 'funnel-booked'),
    step('Recovered revenue', f.recovered_revenue.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      'Only from booked values', 'funnel-revenue'));
}

// "1 call", "2 calls"
function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
