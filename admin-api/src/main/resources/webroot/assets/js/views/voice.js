// Voice recovery in the dashboard: the Recovery page (the workspace's recovery channels, laid out as the
// product describes them, with the voice settings) and a lead's voice calls with their transcripts.
import { api } from '../api.js';
import { badge, card, field, h, mount, stamp, toast } from '../dom.js';

const FALLBACK = { textback: 'Text-back', voicemail: 'Voicemail', none: 'Nothing' };
const CHANNEL = { textback: 'the text-back', voice: 'voice recovery', voicemail: 'voicemail' };
const OUTCOME_WORDS = {
  voice_recovered: 'Recovered by voice',
  voice_no_speech: 'Caller did not speak',
  voice_caller_hung_up: 'Caller hung up',
  voice_ai_failed: 'Voice assistant failed',
  voice_not_verified: 'Number not verified for voice',
  voice_not_in_plan: 'Plan lacks voice recovery',
  voice_disabled: 'Voice recovery switched off',
};

export async function recoveryChannels(ctx, content) {
  const ws = ctx.workspace() || ctx.workspaces[0];
  if (!ws) {
    mount(content, h('div.empty', {}, 'No workspace yet.'));
    return null;
  }
  const body = h('div.stack', { id: 'voice-recovery' });
  mount(content, h('div.page-head', {}, h('div', {}, h('h1', {}, 'Recovery channels'),
    h('div.sub', {}, `How ${ws.name} recovers missed callers`))), body);

  async function draw(recovery) {
    const s = recovery.settings;
    const voiceOn = h('input', { type: 'checkbox', id: 'voice-enabled', checked: s.voice_enabled });
    const fallback = h('select', { id: 'voice-fallback' }, Object.entries(FALLBACK)
      .map(([o, words]) => h('option', { value: o, selected: o === s.fallback }, words)));
    const recording = h('input', { type: 'checkbox', id: 'voice-recording', checked: s.recording_enabled });
    const language = h('input', { type: 'text', id: 'voice-language', value: s.language, size: 6 });
    const alertCalls = h('input', { type: 'checkbox', id: 'voice-alert-calls', checked: s.alert_calls });
    const callerSummary = h('input', { type: 'checkbox', id: 'caller-summary', checked: s.caller_summary_enabled });
    const internalSummary = h('input', { type: 'checkbox', id: 'internal-summary', checked: s.internal_summary_enabled });
    const save = h('button.btn.primary', { id: 'voice-save', onclick: async () => {
      try {
        const after = await api(`/workspaces/${ws.id}/recovery/voice`, { method: 'PATCH', body: {
          voice_enabled: voiceOn.checked, fallback: fallback.value, recording_enabled: recording.checked,
          language: language.value, alert_calls: alertCalls.checked, caller_summary_enabled: callerSummary.checked,
          internal_summary_enabled: internalSummary.checked } });
        toast('Saved');
        draw(after);
      } catch (e) {
        toast(e.message, 'bad');
      }
    } }, 'Save');
    mount(body,
      card('Channels', h('table.list', { id: 'channels-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Channel'), h('th', {}, 'Purpose'), h('th', {}, 'Status'))),
        h('tbody', {}, recovery.channels.map(c => h('tr', { dataset: { channel: c.channel } },
          h('td', {}, h('strong', {}, c.label)),
          h('td', {}, c.purpose, c.detail ? h('div.muted.small', {}, c.detail) : null,
            c.numbers && c.numbers.length ? h('div.mono.small', {}, c.numbers.join(', ')) : null),
          h('td', {}, c.enabled ? badge('On', 'ok') : badge('Off', 'warn'),
            c.reason ? h('div.muted.small', {}, c.reason) : null)))))),
      card('How to decide', h('p', { id: 'how-to-decide' }, recovery.how_to_decide)),
      card('Voice settings', h('div.form-grid', {},
        field('Voice recovery answers missed calls', voiceOn),
        field('When voice cannot finish', fallback, 'Text-back is the default'),
        field('Record voicemails (consent line first)', recording),
        field('Speech language', language),
        field('Also call the voice alert numbers for emergencies', alertCalls),
        field('Caller summary SMS', callerSummary),
        field('Internal summary SMS', internalSummary)), save));
  }
  await draw(await api(`/workspaces/${ws.id}/recovery/voice`));
  return null;
}

/** A lead's voice calls: outcome, fallback and the transcript turn by turn. */
export async function voiceCalls(box, leadId, tz) {
  const { data } = await api(`/leads/${leadId}/voice-calls`);
  if (!data.length) {
    mount(box, h('div.empty', {}, 'No voice calls.'));
    return;
  }
  mount(box, h('div.stack', { id: 'voice-calls' }, data.map(v => h('div', { dataset: { callSid: v.call_sid } },
    h('div.row.wrap', {}, h('strong', {}, stamp(v.started_at, tz)),
      v.outcome ? badge(OUTCOME_WORDS[v.outcome] || v.outcome, v.outcome === 'voice_recovered' ? 'ok' : 'warn',
        { 'data-outcome': v.outcome }) : badge('In progress'),
      v.fallback && v.outcome !== 'voice_recovered' ? h('span.muted.small', {}, `then: ${(FALLBACK[v.fallback] || v.fallback).toLowerCase()}`) : null,
      v.channel ? h('span.muted.small', {}, `handled by ${CHANNEL[v.channel] || v.channel}`) : null),
    h('ol.transcript', {}, v.turns.flatMap(t => [
      t.turn > 0 ? h('li.caller', {}, h('span.muted.small', {}, 'Caller: '),
        t.caller || h('span.muted', {}, '(silence)')) : null,
      h('li.assistant', {}, h('span.muted.small', {}, `Assistant (${t.source}, ${t.latency_ms} ms): `), t.assistant),
    ])),
    v.recording_url ? h('div', {}, h('a', { href: v.recording_url, target: '_blank', rel: 'noopener' }, 'Voicemail recording'),
      v.transcript ? h('div.muted', {}, `“${v.transcript}”`) : null) : null,
    (v.alert_calls || []).length ? h('div.alert-calls', {}, v.alert_calls.map(a => h('div', {},
      h('span.muted.small', {}, `Emergency call to ${a.to}: `), alertCallWords(a)))) : null))));
}

// Whether the team was reached by the emergency call: from Twilio's status callback once the call ended.
function alertCallWords(a) {
  if (a.status === 'failed') return `not placed (${a.last_error || 'failed'})`;
  if (a.status !== 'placed') return 'being placed';
  if (!a.call_status) return 'ringing';
  return a.call_status === 'completed' ? `answered${a.duration_seconds != null ? ` (${a.duration_seconds} s)` : ''}`
    : a.call_status.replace('-', ' ');
}
