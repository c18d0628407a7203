// Settings: the workspace's profile and AI facts, recovery channels and the text-back template (with a
// live preview), numbers and their phone-setup check, team alert numbers, webhooks, API keys, audit log.
import { api } from '../api.js';
import { badge, card, debounce, duration, field, h, mount, phone, stamp, table, toast, useZone, when, zoneNote, zoneOfPage } from '../dom.js';
import { hoursSection } from './hours.js';
import { intakeSection } from './intake.js';
import { copySection } from './copy.js';
import { emailCards } from './emails.js';
import { dailySummaryCard } from './summary.js';
import { testCallsSection } from './testcalls.js';
import { privacySection } from './privacy.js';

const SECTIONS = {
  workspace: ['Workspace', workspaceSection],
  hours: ['Business hours', async (ctx, body) => current(ctx) ? hoursSection(current(ctx), body)
    : mount(body, h('div.empty', {}, 'Add a workspace first.'))],
  intake: ['Intake page', async (ctx, body) => current(ctx) ? intakeSection(current(ctx), body)
    : mount(body, h('div.empty', {}, 'Add a workspace first.'))],
  recovery: ['Recovery & templates', recoverySection],
  numbers: ['Numbers & setup', numbersSection],
  'test-calls': ['Test calls', async (ctx, body) => current(ctx)
    ? testCallsSection(current(ctx), body, () => ctx.go('#/settings/test-calls'))
    : mount(body, h('div.empty', {}, 'Add a workspace first.'))],
  team: ['Team alerts', teamSection],
  privacy: ['Privacy', async (ctx, body) => current(ctx)
    ? privacySection(current(ctx), body, () => ctx.go('#/settings/privacy'))
    : mount(body, h('div.empty', {}, 'Add a workspace first.'))],
  webhooks: ['Webhooks', webhooksSection],
  keys: ['API keys', keysSection],
  audit: ['Audit log', auditSection],
};

export async function settings(ctx, content, section = 'workspace') {
  const [title, render] = SECTIONS[section] || SECTIONS.workspace;
  const body = h('div.stack', {}, h('div.loading', {}, 'Loading…'));
  // a workspace's settings show its times in its zone even when all workspaces are chosen
  if (needsWorkspace(section) && current(ctx)) useZone(current(ctx).timezone);
  mount(content, h('div.page-head', {}, h('div', {}, h('h1', {}, title),
    h('div.sub', {}, needsWorkspace(section) ? `Settings of ${current(ctx)?.name || 'your first workspace'}` : ctx.me.agency.name,
      ' · ', zoneNote(zoneOfPage())))),
  body);
  await render(ctx, body);
  return null;
}

const needsWorkspace = section => ['workspace', 'hours', 'intake', 'recovery', 'numbers', 'test-calls', 'team', 'privacy'].includes(section);
const current = ctx => ctx.workspace() || ctx.workspaces[0] || null;

// ---- forms ------------------------------------------------------------------------------------------
function input(spec, value, readOnly) {
  const attrs = { name: spec.name, id: `f-${spec.name}`, disabled: readOnly };
  switch (spec.type) {
    case 'textarea': { const t = h('textarea', attrs); t.value = value ?? ''; return t; }
    case 'bool': return h('input', { ...attrs, type: 'checkbox', checked: !!value });
    case 'number': return h('input', { ...attrs, type: 'number', min: 0, value: value ?? '' });
    case 'select': return h('select', attrs, spec.options.map(o => h('option', { value: o, selected: o === value }, o)));
    case 'words': return h('input', { ...attrs, type: 'text', value: (value || []).join(', ') });
    case 'duration': return durationInput(attrs, value);
    default: return h('input', { ...attrs, type: 'text', value: value ?? '' });
  }
}

function read(spec, el) {
  switch (spec.type) {
    case 'bool': return el.checked;
    case 'number': return el.value === '' ? (spec.nullable ? null : undefined) : Number(el.value);
    case 'words': return el.value.split(',').map(s => s.trim()).filter(Boolean);
    case 'duration': return el.seconds();
    default: return el.value === '' && spec.nullable ? null : el.value;
  }
}

// A duration as a number and a unit (seconds, minutes, hours, days), said back in words: never raw seconds.
const UNITS = [[86400, 'days'], [3600, 'hours'], [60, 'minutes'], [1, 'seconds']];
function durationInput(attrs, value) {
  const total = value ?? 0;
  const [size] = UNITS.find(([u]) => total % u === 0 && total >= u) || [1];
  const amount = h('input', { ...attrs, type: 'number', min: 0, step: 1, value: value == null ? '' : total / size,
    'aria-label': 'Amount', style: { width: '6em' } });
  const unit = h('select', { id: `${attrs.id}-unit`, disabled: attrs.disabled, 'aria-label': 'Unit' },
    UNITS.map(([u, word]) => h('option', { value: u, selected: u === size }, word)));
  const words = h('span.small.muted.duration-words', { id: `${attrs.id}-words` });
  const box = h('span.duration', {}, amount, unit, words);
  box.seconds = () => amount.value === '' ? undefined : Math.round(Number(amount.value) * Number(unit.value));
  const say = () => { words.textContent = amount.value === '' ? '' : duration(box.seconds()); };
  amount.addEventListener('input', say);
  unit.addEventListener('change', say);
  say();
  return box;
}

function form(specs, values, onSave, readOnlyNames = []) {
  const els = new Map();
  const grid = h('div.form-grid', {}, specs.map(spec => {
    const el = input(spec, values[spec.name], readOnlyNames.includes(spec.name));
    els.set(spec.name, el);
    return spec.type === 'bool' ? h('label.check', {}, el, spec.label) : field(spec.label, el, spec.help);
  }));
  const save = h('button.btn.primary', { type: 'submit' }, 'Save changes');
  return h('form', { onsubmit: async e => {
    e.preventDefault();
    const patch = {};
    for (const spec of specs) {
      if (readOnlyNames.includes(spec.name)) continue;
      const value = read(spec, els.get(spec.name));
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(values[spec.name] ?? (spec.nullable ? null : ''))) {
        patch[spec.name] = value;
      }
    }
    if (!Object.keys(patch).length) return toast('Nothing changed.');
    save.disabled = true;
    try {
      await onSave(patch);
      toast('Saved.');
    } catch (err) {
      toast(err.message, 'bad');
    } finally {
      save.disabled = false;
    }
  } }, grid, specs.every(spec => readOnlyNames.includes(spec.name)) ? null : h('div.form-actions', {}, save));
}

// ---- workspace ----------------------------------------------------------------------------------------
const PROFILE = [
  { name: 'name', label: 'Business name' },
  { name: 'timezone', label: 'Timezone', help: 'IANA name, e.g. America/Chicago' },
  { name: 'status', label: 'Status', type: 'select', options: ['active', 'inactive'] },
  { name: 'contact_phone', label: 'Business phone for callers', nullable: true },
  { name: 'business_hours', label: 'Opening hours', help: 'In words, e.g. Mon–Fri 8am–6pm' },
  { name: 'service_area', label: 'Service area' },
  { name: 'booking_link', label: 'Booking link', nullable: true },
  { name: 'services', label: 'Services', type: 'textarea', help: 'What the business does; the AI may say it' },
  { name: 'ai_persona', label: 'AI persona', type: 'textarea' },
];
const AI = [
  { name: 'ai_enabled', label: 'AI replies on', type: 'bool' },
  { name: 'ai_allow_prices', label: 'AI may talk prices', type: 'bool' },
  { name: 'ai_allow_discounts', label: 'AI may offer discounts', type: 'bool' },
  { name: 'ai_allow_arrival_times', label: 'AI may promise arrival times', type: 'bool' },
  { name: 'ai_turn_limit', label: 'AI replies per conversation', type: 'number' },
  { name: 'emergency_words', label: 'Emergency words', type: 'words', help: 'Comma-separated; they alert the team at once' },
];
const COMMERCIAL = [
  { name: 'plan_code', label: 'Plan', type: 'select', options: ['voice_only', 'starter', 'pro'] },
  { name: 'billing_status', label: 'Billing', type: 'select', options: ['active', 'trialing', 'past_due', 'canceled'] },
  { name: 'daily_sms_cap', label: 'Daily SMS cap', type: 'number', nullable: true, help: 'Empty: the plan’s cap' },
  { name: 'monthly_lead_cap', label: 'Monthly lead cap', type: 'number', nullable: true, help: 'Empty: the plan’s cap' },
];

async function workspaceSection(ctx, body) {
  const ws0 = current(ctx);
  const create = h('form.row', { onsubmit: async e => {
    e.preventDefault();
    try {
      const ws = await api('/workspaces', { method: 'POST', body: { name: e.target.elements.name.value } });
      await ctx.reloadWorkspaces();
      ctx.workspaceId = ws.id;
      location.reload();
    } catch (err) {
      toast(err.message, 'bad');
    }
  } }, h('input', { type: 'text', name: 'name', placeholder: 'New business name', required: true }),
  h('button.btn', { type: 'submit' }, 'Add workspace'));
  if (!ws0) return mount(body, card('Add your first business', create));
  const ws = await api(`/workspaces/${ws0.id}`);
  const patch = async p => { await api(`/workspaces/${ws.id}`, { method: 'PATCH', body: p }); await ctx.reloadWorkspaces(); };
  const may = ctx.me.agency.may_set_plans;
  mount(body,
    h('div.row', {}, h('div.spacer'), h('a.btn', { id: 'prepare-support', href: `#/support/workspace/${ws.id}` }, 'Prepare for support')),
    card('Profile', form(PROFILE, ws, patch)),
    card('AI assistant', h('p.muted', {}, 'What the AI may say when it continues the conversation by text.'), form(AI, ws, patch)),
    card(h('div.row', {}, h('h2', {}, 'Plan, billing and caps'), h('div.spacer'),
      may ? null : badge('Managed for you', '')),
    h('p.muted', {}, `${ws.plan.name}: text-back ${ws.plan.textback ? 'included' : 'not included'}, AI replies `,
      ws.plan.ai_replies ? 'included' : 'not included', `. Effective caps: ${ws.effective_daily_sms_cap} SMS a day, `,
      `${ws.effective_monthly_lead_cap} new leads a month.`),
    form(COMMERCIAL, ws, patch, may ? [] : COMMERCIAL.map(s => s.name))),
    card('Add another business', create));
}

// ---- recovery and templates ------------------------------------------------------------------------------
const CHANNEL_SETTINGS = [
  { name: 'duplicate_window_seconds', label: 'Duplicate window', type: 'duration', help: 'A caller is texted back at most once per window' },
  { name: 'textback_delay_open_seconds', label: 'Send delay during business hours (up to 5 minutes)', type: 'duration',
    help: 'Gives the team a chance to call back first: the text-back is cancelled if the caller is called back and answers, texts first, gets a staff text or the lead is marked handled' },
  { name: 'textback_delay_after_hours_seconds', label: 'Send delay after hours and on holidays (up to 5 minutes)', type: 'duration' },
  { name: 'followup_enabled', label: 'Follow up when the caller stays silent', type: 'bool' },
  { name: 'followup_delay_seconds', label: 'Follow-up after', type: 'duration' },
  { name: 'oncall_delay_seconds', label: 'Then tell the on-call number after', type: 'duration' },
  { name: 'stale_after_seconds', label: 'Close quiet conversations after', type: 'duration' },
  { name: 'textback_quiet_hours_exempt', label: 'Text back at night too (21:00–08:00)', type: 'bool' },
  { name: 'team_summary_enabled', label: 'Send lead summaries to the team', type: 'bool' },
  { name: 'caller_summary_enabled', label: 'Confirm the details back to the caller', type: 'bool' },
];

async function recoverySection(ctx, body) {
  const ws0 = current(ctx);
  if (!ws0) return mount(body, h('div.empty', {}, 'Add a workspace first.'));
  const [ws, recovery] = await Promise.all([api(`/workspaces/${ws0.id}`), api(`/workspaces/${ws0.id}/recovery`)]);
  const template = h('textarea', { id: 'template', maxlength: 480 });
  template.value = ws.textback_template;
  const footer = h('input', { type: 'text', id: 'footer', value: ws.optout_footer, maxlength: 80 });
  const preview = h('div.preview-sms', { id: 'preview' }, recovery.preview.text);
  const info = h('div.row.wrap', { id: 'preview-info' });
  const showInfo = p => mount(info, badge(`${p.segments} SMS segment${p.segments === 1 ? '' : 's'}`, p.segments > 1 ? 'warn' : 'ok'),
    badge(p.encoding, p.encoding === 'GSM-7' ? '' : 'warn'), h('span.muted.small', {}, `${p.characters} characters`),
    p.footer_shortened ? h('span.muted.small', {}, 'The opt-out footer was shortened to save a segment.') : null);
  showInfo(recovery.preview);
  const update = debounce(async () => {
    try {
      const p = await api(`/workspaces/${ws.id}/recovery/preview`, { method: 'POST',
        body: { textback_template: template.value || ' ', optout_footer: footer.value } });
      preview.textContent = p.text;
      showInfo(p);
    } catch (e) {
      preview.textContent = e.message;
    }
  }, 250);
  template.addEventListener('input', update);
  footer.addEventListener('input', update);
  const patch = p => api(`/workspaces/${ws.id}`, { method: 'PATCH', body: p });
  mount(body,
    card('Recovery channels', h('ul.check-list', { id: 'channels' }, recovery.channels.map(c => h('li', {},
      h('span', { class: c.enabled ? 'ok' : 'no' }, c.enabled ? '✓' : '✗'),
      h('div', {}, h('strong', {}, c.label), ' ', c.enabled ? badge('On', 'ok') : badge('Off', 'warn'),
        h('div.small.muted', {}, c.reason || c.detail || '')))))),
    card('Text-back message', h('div.grid.halves', {},
      h('div.stack', {}, field('Template', template, '{business} becomes the business name'), field('Opt-out footer', footer),
        h('div.form-actions', {}, h('button.btn.primary', { id: 'save-template', onclick: async () => {
          try {
            await patch({ textback_template: template.value, optout_footer: footer.value });
            toast('Template saved; the next missed call uses it.');
          } catch (e) {
            toast(e.message, 'bad');
          }
        } }, 'Save template'))),
      h('div.stack', {}, h('h3', {}, 'What the caller receives'), preview, info))),
    card('Follow-ups, quiet hours and summaries', form(CHANNEL_SETTINGS, ws, patch)));
  const copyBox = body.appendChild(h('div'));
  await copySection(ws, copyBox);
}

// ---- numbers and setup --------------------------------------------------------------------------------------
async function numbersSection(ctx, body) {
  const ws0 = current(ctx);
  if (!ws0) return mount(body, h('div.empty', {}, 'Add a workspace first.'));
  const [numbers, check, accounts] = await Promise.all([
    api('/numbers', { query: { workspace_id: ws0.id, limit: 200 } }),
    api(`/workspaces/${ws0.id}/setup-check`),
    api('/twilio-accounts')]);
  const checks = new Map(check.numbers.map(c => [c.number_id, c]));
  const tones = { verified: 'ok', incomplete: 'warn', action_needed: 'bad' };
  const add = h('form.form-grid', { onsubmit: async e => {
    e.preventDefault();
    const f = e.target.elements;
    try {
      await api('/numbers', { method: 'POST', body: { workspace_id: ws0.id, account_sid: f.account.value,
        phone_number: f.phone.value.trim(), routing_mode: f.mode.value,
        ...(f.mode.value === 'direct' ? { business_phone: f.business.value.trim() } : {}) } });
      toast('Number added.');
      ctx.go('#/settings/numbers');
    } catch (err) {
      toast(err.message, 'bad');
    }
  } },
  field('Twilio account', h('select', { name: 'account' }, accounts.data.map(a => h('option', { value: a.account_sid }, a.account_sid)))),
  field('Twilio number', h('input', { type: 'tel', name: 'phone', placeholder: '+15005550123', required: true })),
  field('Routing', h('select', { name: 'mode' }, h('option', { value: 'forwarding' }, 'forwarding: the business line forwards missed calls'),
    h('option', { value: 'direct' }, 'direct: callers dial this number, we ring the business'))),
  field('Business phone (direct mode)', h('input', { type: 'tel', name: 'business', placeholder: '+15005550199' })),
  h('div.form-actions', {}, h('button.btn.primary', { type: 'submit' }, 'Add number')));
  mount(body,
    card(h('div.row', {}, h('h2', {}, 'Phone setup'), h('div.spacer'), badge(check.state.replace('_', ' '), tones[check.state] || '')),
      check.numbers.length ? h('div.stack', { id: 'setup-check' }, check.numbers.map(n => h('div', { dataset: { number: n.phone_number } },
        h('div.row', {}, h('strong', {}, phone(n.phone_number)), h('span.muted', {}, n.routing_mode), h('div.spacer'),
          badge(n.state.replace('_', ' '), tones[n.state])),
        h('ul.check-list', {}, n.checks.map(c => h('li', {}, h('span', { class: c.ok ? 'ok' : 'no' }, c.ok ? '✓' : '!'),
          h('div', {}, h('strong', {}, c.label), h('div.small.muted', {}, c.detail)))))))) : h('div.empty', {}, 'No active numbers.')),
    card('Numbers', h('div.card.flush', {}, table([
      { title: 'Number', render: n => h('strong', {}, phone(n.phone_number)) },
      { title: 'Routing', render: n => n.routing_mode === 'direct' ? `direct → ${phone(n.business_phone)}` : 'forwarding' },
      { title: 'Setup', render: n => n.active ? badge((checks.get(n.id)?.state || 'incomplete').replace('_', ' '), tones[checks.get(n.id)?.state] || '') : badge('retired') },
      { title: 'Added', render: n => when(n.created_at) },
      { title: '', render: n => n.active ? h('button.btn.small.danger', { onclick: async () => {
        if (!confirm(`Retire ${n.phone_number}? Calls to it will no longer be recovered.`)) return;
        await api(`/numbers/${n.id}`, { method: 'DELETE' });
        ctx.go('#/settings/numbers');
      } }, 'Retire') : '' },
    ], numbers.data))),
    card('Add a number', add));
}

// ---- team alerts ----------------------------------------------------------------------------------------------
async function teamSection(ctx, body) {
  const ws0 = current(ctx);
  if (!ws0) return mount(body, h('div.empty', {}, 'Add a workspace first.'));
  const list = await api(`/workspaces/${ws0.id}/notification-numbers`);
  const words = { alert: 'Urgent alerts', team: 'Lead summaries', on_call: 'On-call escalation' };
  mount(body,
    card('Who is told what', h('p.muted', {}, 'Urgent words alert the alert numbers at once; summaries go to the team; the on-call number hears about callers who stay silent.'),
      h('div.card.flush', {}, table([
        { title: 'Number', render: n => h('strong', {}, phone(n.phone)) },
        { title: 'Receives', render: n => words[n.kind] },
        { title: 'Added', render: n => when(n.created_at) },
        { title: '', render: n => h('button.btn.small.danger', { onclick: async () => {
          await api(`/notification-numbers/${n.id}`, { method: 'DELETE' });
          ctx.go('#/settings/team');
        } }, 'Remove') },
      ], list.data))),
    card('Add a number', h('form.row.wrap', { onsubmit: async e => {
      e.preventDefault();
      try {
        await api(`/workspaces/${ws0.id}/notification-numbers`, { method: 'POST',
          body: { phone: e.target.elements.phone.value.trim(), kind: e.target.elements.kind.value } });
        ctx.go('#/settings/team');
      } catch (err) {
        toast(err.message, 'bad');
      }
    } }, h('input', { type: 'tel', name: 'phone', placeholder: '+15005550177', required: true }),
    h('select', { name: 'kind' }, Object.entries(words).map(([k, v]) => h('option', { value: k }, v))),
    h('button.btn.primary', { type: 'submit' }, 'Add'))),
    await dailySummaryCard(ctx, ws0),
    await emailCards(ctx, ws0));
}

// ---- webhooks ---------------------------------------------------------------------------------------------------
const EVENTS = ['lead.created', 'lead.updated', 'message.received', 'sms.failed', 'callback.requested'];

async function webhooksSection(ctx, body) {
  const hooks = await api('/webhooks');
  const secretBox = h('div');
  const detail = h('div');
  const create = h('form.stack', { onsubmit: async e => {
    e.preventDefault();
    const f = e.target.elements;
    const events = EVENTS.filter(ev => f[ev].checked);
    try {
      const hook = await api('/webhooks', { method: 'POST', body: { url: f.url.value.trim(), events,
        ...(f.description.value ? { description: f.description.value } : {}) } });
      mount(secretBox, h('div.notice', {}, h('strong', {}, 'Signing secret — copy it now, it is not shown again:'),
        h('div.secret.mono', { style: { marginTop: '8px' } }, hook.secret)));
      await webhooksSection(ctx, body);
      body.prepend(secretBox);
    } catch (err) {
      toast(err.message, 'bad');
    }
  } },
  h('div.form-grid', {}, field('Endpoint URL', h('input', { type: 'url', name: 'url', placeholder: 'https://example.com/hooks/recovery', required: true })),
    field('Description', h('input', { type: 'text', name: 'description' }))),
  h('div.row.wrap', {}, EVENTS.map(ev => h('label.check', {}, h('input', { type: 'checkbox', name: ev, checked: true }), h('span.mono', {}, ev)))),
  h('p.small.muted', {}, 'Each delivery is signed: X-Mcr-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" with the secret>. Failures are retried with backoff.'),
  h('div.form-actions', {}, h('button.btn.primary', { type: 'submit' }, 'Add endpoint')));
  const show = async hook => {
    const deliveries = await api(`/webhooks/${hook.id}/deliveries`, { query: { limit: 20 } });
    mount(detail, card(`Deliveries to ${hook.url}`, h('div.card.flush', {}, table([
      { title: 'Event', render: d => h('span.mono', {}, d.event_type) },
      { title: 'Status', render: d => badge(d.status, d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn') },
      { title: 'Attempts', render: d => h('div', {}, d.attempt_log.map(a => h('div.small', {},
        `#${a.attempt} ${stamp(a.started_at)} → ${a.status_code ?? 'no answer'}${a.error ? ' · ' + a.error : ''} (${a.duration_ms} ms)`))) },
      { title: 'Next try', render: d => d.status === 'pending' ? stamp(d.next_attempt_at) : '—' },
      { title: 'Created', render: d => when(d.created_at) },
    ], deliveries.data))));
  };
  mount(body,
    card('Endpoints', h('div.card.flush', {}, table([
      { title: 'URL', render: w => h('div', {}, h('strong.mono', {}, w.url), w.description ? h('div.small.muted', {}, w.description) : null) },
      { title: 'Events', render: w => h('div.row.wrap', {}, w.events.map(e => badge(e, 'brand'))) },
      { title: 'State', render: w => w.active ? badge('active', 'ok') : badge('paused') },
      { title: 'Backlog', render: w => `${w.deliveries.pending} pending · ${w.deliveries.failed} failed` },
      { title: '', render: w => h('div.row', {},
        h('button.btn.small', { onclick: async ev => {
          ev.stopPropagation();
          const d = await api(`/webhooks/${w.id}/test`, { method: 'POST' });
          toast(d.status === 'delivered' ? `Test delivered (${d.last_status_code}).` : `Test failed: ${d.last_error}`, d.status === 'delivered' ? '' : 'bad');
          show(w);
        } }, 'Send test'),
        h('button.btn.small', { onclick: async ev => {
          ev.stopPropagation();
          await api(`/webhooks/${w.id}`, { method: 'PATCH', body: { active: !w.active } });
          ctx.go('#/settings/webhooks');
        } }, w.active ? 'Pause' : 'Resume'),
        h('button.btn.small.danger', { onclick: async ev => {
          ev.stopPropagation();
          if (!confirm('Delete this endpoint?')) return;
          await api(`/webhooks/${w.id}`, { method: 'DELETE' });
          ctx.go('#/settings/webhooks');
        } }, 'Delete')) },
    ], hooks.data, show))),
    detail,
    card('Add an endpoint', create));
}

// ---- API keys ----------------------------------------------------------------------------------------------------
async function keysSection(ctx, body) {
  const keys = await api('/api-keys');
  const shown = h('div');
  mount(body, shown,
    card('Keys', h('p.muted', {}, 'Keys are stored only as hashes: a new key is shown once. Revoked keys stop working at once.'),
      h('div.card.flush', {}, table([
        { title: 'Name', render: k => h('strong', {}, k.name) },
        { title: 'Key', render: k => h('span.mono', {}, `${k.prefix}…`) },
        { title: 'Status', render: k => k.status === 'active' ? badge('active', 'ok') : badge('revoked') },
        { title: 'Last used', render: k => when(k.last_used_at) },
        { title: 'Created', render: k => stamp(k.created_at) },
        { title: '', render: k => k.status === 'active' ? h('button.btn.small.danger', { onclick: async () => {
          if (!confirm(`Revoke ${k.name}?${k.id === ctx.me.api_key.id ? ' You are signed in with it.' : ''}`)) return;
          await api(`/api-keys/${k.id}`, { method: 'DELETE' });
          ctx.go('#/settings/keys');
        } }, 'Revoke') : '' },
      ], keys.data))),
    card('Create a key', h('form.row', { onsubmit: async e => {
      e.preventDefault();
      const created = await api('/api-keys', { method: 'POST', body: { name: e.target.elements.name.value } });
      await keysSection(ctx, body);
      mount(shown, h('div.notice', {}, h('strong', {}, `${created.name} — copy it now, it is not shown again:`),
        h('div.secret.mono', { style: { marginTop: '8px' } }, created.key)));
    } }, h('input', { type: 'text', name: 'name', placeholder: 'e.g. CRM sync', required: true, maxlength: 80 }),
    h('button.btn.primary', { type: 'submit' }, 'Create key'))));
}

// ---- audit log -------------------------------------------------------------------------------------------------------
async function auditSection(ctx, body) {
  const log = await api('/audit-log', { query: { limit: 100 } });
  // durations in words and times in the zone, like everywhere else; other values as they were written
  const say = (k, v) => typeof v === 'number' && k.endsWith('_seconds') ? duration(v)
    : typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? stamp(v) : JSON.stringify(v);
  const changes = c => Object.entries(c || {}).map(([k, v]) => h('div.small', {}, h('span.mono', {}, k), ': ',
    v && typeof v === 'object' && 'to' in v ? `${say(k, v.from)} → ${say(k, v.to)}` : say(k, v)));
  mount(body, h('section.card.flush', {}, table([
    { title: 'When', render: e => stamp(e.created_at) },
    { title: 'Who', render: e => h('span.small', {}, e.actor) },
    { title: 'What', render: e => h('span.mono', {}, e.action) },
    { title: 'Target', render: e => `${e.target_type} ${e.target_id ?? ''}` },
    { title: 'Changes', render: e => h('div', {}, changes(e.changes)) },
  ], log.data)));
}
