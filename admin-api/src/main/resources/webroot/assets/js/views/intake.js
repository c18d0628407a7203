// Settings › Intake page: the branded page a text-back's {intake_link} opens: its colour, which questions it
// asks (what the caller needs is always asked) and how long a link stays open. Validated by the API.
import { api } from '../api.js';
import { badge, card, field, h, mount, toast } from '../dom.js';

function lifetimeLine(page) {
  return h('div.row.wrap', { id: 'intake-state' },
    badge(page.configured ? 'Customised' : 'Defaults', page.configured ? 'ok' : ''),
    h('span.muted.small', {}, `A link stays open ${page.link_lifetime} after its text-back.`));
}

export async function intakeSection(ws, body) {
  let page = await api(`/workspaces/${ws.id}/intake-page`);
  const color = h('input', { type: 'color', id: 'intake-color', name: 'brand_color', value: page.brand_color });
  const ttl = h('input', { type: 'number', id: 'intake-ttl', name: 'link_ttl_hours', min: 1, max: 720,
    value: page.link_ttl_hours });
  const boxes = page.questions.map(q => h('label.row', {},
    h('input', { type: 'checkbox', name: 'field', value: q.field, checked: q.asked, disabled: q.required }),
    h('span', {}, q.label), q.required ? h('span.muted.small', {}, '(always asked)') : null));
  const state = h('div', {}, lifetimeLine(page));
  const problems = h('div.small.bad', { id: 'intake-problems', role: 'alert' });
  const save = h('button.btn.primary', { id: 'save-intake', type: 'submit' }, 'Save intake page');
  const form = h('form.stack', { onsubmit: async e => {
    e.preventDefault();
    const chosen = new Set(boxes.map(b => b.querySelector('input')).filter(i => i.checked).map(i => i.value));
    // keep the page's order of questions
    const fields = page.questions.map(q => q.field).filter(f => chosen.has(f));
    save.disabled = true;
    try {
      page = await api(`/workspaces/${ws.id}/intake-page`, { method: 'PUT',
        body: { brand_color: color.value, fields, link_ttl_hours: Number(ttl.value) } });
      problems.textContent = '';
      mount(state, lifetimeLine(page));
      toast('Intake page saved.');
    } catch (err) {
      problems.textContent = err.message;
      toast('The intake page was not saved.', 'bad');
    } finally {
      save.disabled = false;
    }
  } },
  h('p.muted.small', {}, 'Put {intake_link} in a text-back template (Recovery & templates) to send callers this page.'),
  h('div.form-grid', {}, field('Brand colour', color), field('Link lifetime (hours, 1–720)', ttl)),
  h('fieldset.stack', {}, h('legend', {}, 'Questions the page asks'), boxes),
  problems,
  h('div.form-actions', {}, save));
  mount(body, card('Intake page', state, form));
}
