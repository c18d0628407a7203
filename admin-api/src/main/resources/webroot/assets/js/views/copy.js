// Recovery › Copy for the moment: a text-back template for open hours, after hours and holidays, for
// first-time and returning callers, each with a live preview (as the caller receives it) and its SMS segments.
// Empty: the slot uses the closest template written ("Uses …").
import { api } from '../api.js';
import { badge, card, debounce, field, h, mount, toast } from '../dom.js';

const MOMENTS = { open: 'Open hours', after_hours: 'After hours', holiday: 'Holidays' };
const CALLERS = { first_time: 'First-time callers', returning: 'Returning callers' };

// "open/first_time" → "Open hours · First-time callers"
function slotWords(servedBy) {
  const [moment, caller] = String(servedBy).split('/');
  return `${MOMENTS[moment] || moment} · ${CALLERS[caller] || caller}`;
}

function previewBox(p) {
  return [h('div.preview-sms', {}, p.text),
    h('div.row.wrap', {}, badge(`${p.segments} SMS segment${p.segments === 1 ? '' : 's'}`, p.segments > 1 ? 'warn' : 'ok',
      { 'data-segments': p.segments }),
    badge(p.encoding, p.encoding === 'GSM-7' ? '' : 'warn'),
    p.missing.length ? h('span.muted.small', {}, `No value yet for ${p.missing.map(v => `{${v}}`).join(', ')}: fallback used`) : null)];
}

export async function copySection(ws, body) {
  const copy = await api(`/workspaces/${ws.id}/textback-copy`);
  const editors = [];
  const rows = copy.slots.map(slot => {
    const isDefault = slot.moment === 'open' && slot.caller === 'first_time';
    const area = h('textarea', { id: `copy-${slot.moment}-${slot.caller}`, maxlength: 480, rows: 3,
      placeholder: isDefault ? '' : `Empty: uses the ${slotWords(slot.served_by)} text` });
    area.value = slot.template || '';
    const out = h('div.stack', { id: `copy-preview-${slot.moment}-${slot.caller}` }, previewBox(slot.preview));
    const refresh = debounce(async () => {
      if (!area.value.trim()) return mount(out, h('span.muted.small', {}, `Uses the ${slotWords(slot.served_by)} text`));
      try {
        mount(out, previewBox(await api(`/workspaces/${ws.id}/textback-copy/preview`, { method: 'POST',
          body: { template: area.value, moment: slot.moment, caller: slot.caller } })));
      } catch (e) {
        mount(out, h('span.small', { class: 'bad-text' }, e.message));
      }
    }, 250);
    area.addEventListener('input', refresh);
    editors.push({ slot, area, isDefault });
    return h('div.grid.halves', {}, field(`${MOMENTS[slot.moment]} · ${CALLERS[slot.caller]}`, area), out);
  });
  const guidance = h('input', { type: 'checkbox', id: 'urgency-guidance', checked: copy.urgency_guidance });
  const save = h('button.btn.primary', { id: 'save-copy', onclick: async () => {
    const templates = {};
    for (const { slot, area, isDefault } of editors) {
      const text = area.value.trim();
      if (isDefault && !text) continue;
      (templates[slot.moment] ||= {})[slot.caller] = text || null;
    }
    try {
      await api(`/workspaces/${ws.id}/textback-copy`, { method: 'PUT', body: { templates, urgency_guidance: guidance.checked } });
      toast('Copy saved; the next missed call uses it.');
    } catch (e) {
      toast(e.message, 'bad');
    }
  } }, 'Save copy');
  mount(body, card('Copy for the moment',
    h('p.muted', {}, `Variables: ${copy.variables.map(v => `{${v}}`).join(' ')}. A missing value uses its fallback, `,
      'e.g. {caller_first_name|there}. ', copy.hours_configured ? `Right now it is ${copy.moment_now.replace('_', ' ')}.`
        : 'Set business hours to use the after-hours and holiday copy.'),
    rows,
    h('label.check', {}, guidance, 'After hours and on holidays, add “Reply URGENT if this is an emergency.” (URGENT then alerts the team)'),
    h('div.form-actions', {}, save)));
}
