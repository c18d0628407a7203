// "Prepare for support": the support bundle of a workspace or of one call, readable, with the JSON to hand over.
// Failed texts: failed and undelivered texts by Twilio error code, each with what it means and what to do.
import { api } from '../api.js';
import { h, mount, badge, card, reasonBadge, stamp, table, toast, zoneNote } from '../dom.js';

const KINDS = { textback: 'Text-back', ai_reply: 'Automatic reply', intake: 'Intake script', followup: 'Follow-up', manual: 'Staff reply',
  help: 'Help reply', caller_summary: 'Summary to the caller', optout_confirm: 'Opt-out confirmation', alert: 'Urgent alert',
  team_summary: 'Lead summary', oncall: 'On-call alert', model_alert: 'AI failure alert', voice_alert: 'Voice alert',
  daily_summary: 'Daily summary', notification_test: 'Test notification' };
const kindWords = k => KINDS[k] || String(k || '').replace(/_/g, ' ');

const dl = pairs => h('dl.kv', {}, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));

export async function supportBundle(ctx, content, kind, id) {
  const bundle = await api(kind === 'call' ? `/calls/${id}/support-bundle` : `/workspaces/${id}/support-bundle`);
  const json = JSON.stringify(bundle, null, 2);
  const ws = bundle.workspace;
  const download = () => {
    const a = h('a', { href: URL.createObjectURL(new Blob([json], { type: 'application/json' })),
      download: `support-${kind}-${id}.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const copy = async () => {
    try { await navigator.clipboard.writeText(json); toast('Copied the support bundle', 'ok'); } catch { download(); }
  };
  const call = bundle.call;
  mount(content, h('div.stack', {},
    h('div.page-head', {}, h('div', {}, h('h1', {}, kind === 'call' ? 'Support bundle for one call' : 'Support bundle'),
      h('div.sub', {}, `${ws.name} · `, zoneNote(ws.timezone), `, the zone its texts use · ${bundle.masking}`)),
    h('div.spacer'),
    h('button.btn', { id: 'bundle-copy', onclick: copy }, 'Copy JSON'),
    h('button.btn.primary', { id: 'bundle-download', onclick: download }, 'Download JSON')),
    call ? card('The call', dl([
      ['Received', call.received_at_local], ['Caller', call.caller], ['Called', call.called],
      ['Decision', reasonBadge(call.reason)], ['Why', call.reason.explanation],
      call.text_back ? ['Text-back', `${call.text_back.status}${call.text_back.error_code ? ` (Twilio ${call.text_back.error_code}: ${call.text_back.remedy})` : ''}`] : null,
      ['Affects', { all_calls: 'Every call of the last 7 days had this outcome', most_calls: 'Most calls of the last 7 days had this outcome',
        some_calls: 'Only some calls had this outcome: likely this caller alone', unknown: '—' }[bundle.affects_all_calls.verdict]],
    ])) : null,
    h('div.grid.halves', {},
      card('Workspace', dl([
        ['Name', ws.name], ['Status', ws.status], ['Business phone', ws.business_phone],
        ['Billing', `${ws.billing.status}${ws.billing.texting_allowed ? '' : ' — texting blocked'}`],
        ['Plan', ws.plan.name], ['Caps', `${ws.caps.daily_sms} texts a day · ${ws.caps.monthly_leads} new leads a month`],
        ['Usage today', bundle.usage ? `${bundle.usage.sms_today.used} of ${bundle.usage.sms_today.cap} texts` : '—'],
        ['Sending', bundle.sending.paused_at ? `Paused (Twilio ${bundle.sending.paused_code}): ${bundle.sending.paused_remedy}`
          : `${bundle.sending.pending} waiting, ${bundle.sending.held_for_quiet_hours} held for quiet hours`],
      ])),
      card('Numbers and setup', bundle.numbers.length ? bundle.numbers.map(n => {
        const check = bundle.setup.numbers.find(c => c.number_id === n.id);
        return h('div.stack', {}, dl([['Tracked number', n.tracked_number], ['Routing', n.routing_mode],
          ['Business line', n.business_phone], ['Twilio account', n.twilio_account],
          ['Setup', check ? badge(check.state.replace('_', ' '), check.state === 'verified' ? 'ok' : 'warn') : '—']]),
        check && check.missing.length ? h('ul.small', {}, check.missing.map(m => h('li', {}, m))) : null);
      }) : h('div.empty', {}, 'No active number.'))),
    card('Last calls', table([
      { title: 'Received', render: c => c.received_at_local },
      { title: 'Caller', render: c => h('span.mono', {}, c.caller) },
      { title: 'Decision', render: c => reasonBadge(c.reason) },
      { title: 'Why', render: c => h('span.small', {}, c.reason.explanation) },
    ], bundle.recent_calls)),
    card('Recent send failures', table([
      { title: 'When', render: f => stamp(f.created_at, ws.timezone) },
      { title: 'Kind', render: f => `${kindWords(f.kind)} (to the ${f.audience})` },
      { title: 'Code', render: f => f.error_code ?? '—' },
      { title: 'What to do', render: f => h('span.small', {}, `${f.remedy.meaning}. ${f.remedy.remedy}.`) },
    ], bundle.send_failures))));
}

export async function failedTexts(ctx, content) {
  const filter = { error_code: '' };
  const list = h('div', { id: 'failed-list' });
  const codes = h('div.filters', { id: 'failed-codes' });
  const more = h('button.btn', { hidden: true, onclick: () => load(false) }, 'Load more');
  let cursor = null;
  let rows = [];
  mount(content,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Failed texts'),
      h('div.sub', {}, 'Texts that could not be sent or were not delivered, with what each Twilio error means and what to do. ',
        zoneNote(ctx.zones())))),
    codes,
    h('section.card.flush', {}, list),
    h('div.row', { style: { justifyContent: 'center', marginTop: '12px' } }, more));

  async function load(reset) {
    if (reset) { cursor = null; rows = []; }
    const page = await api('/failed-texts', { query: { workspace_id: ctx.workspaceId, error_code: filter.error_code, cursor, limit: 25 } });
    if (page.by_code) {
      mount(codes, h('button.btn.small', { class: filter.error_code ? '' : 'primary', onclick: () => { filter.error_code = ''; load(true); } }, 'All codes'),
        page.by_code.map(c => h('button.btn.small', { class: String(c.error_code) === filter.error_code ? 'primary' : '',
          dataset: { code: c.error_code ?? '' }, title: c.meaning,
          onclick: () => { filter.error_code = String(c.error_code ?? ''); load(true); } },
        `${c.error_code ?? 'no code'} · ${c.count}`)));
    }
    rows = rows.concat(page.data);
    cursor = page.next_cursor;
    more.hidden = !cursor;
    mount(list, table([
      { title: 'When', render: f => stamp(f.created_at, ctx.zoneOf(f.workspace_id)) },
      { title: 'Workspace', render: f => f.workspace_name },
      { title: 'Text', render: f => h('div', {}, kindWords(f.kind), h('div.small.muted', {}, f.audience === 'team' ? 'to your team' : 'to the caller')) },
      { title: 'Code', render: f => badge(String(f.error_code ?? '—'), f.remedy.fix_is_yours ? 'bad' : 'warn', { 'data-code': f.error_code ?? '' }) },
      { title: 'What it means · what to do', render: f => h('div.small', {}, h('strong', {}, f.remedy.meaning), h('div', {}, f.remedy.remedy)) },
    ], rows, f => { if (f.lead_id) ctx.go(`#/leads/${f.lead_id}`); }));
  }
  await load(true);
}
