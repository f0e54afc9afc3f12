// Submit work: paste or upload a native spec or an #SBATCH script, see errors at their lines,
// preview the placement (dry run), then submit and follow the job.
import { h, fill } from '../dom.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { decisionView } from '../decision.js';

const EXAMPLE = `name: hello
command: ["sh", "-c", "echo hello from $SUANWANG_CENTER; sleep 2; echo done"]
resources: { cpus: 1, memoryGiB: 1 }
work: { referenceHours: 0.001, timeLimitHours: 0.1 }
`;

let draft = null; // kept while the tab is open, so leaving the page loses nothing

export async function render(main) {
  let source = 'dashboard.yaml';
  const text = h('textarea', { id: 'spec', rows: 14, spellcheck: 'false', 'aria-describedby': 'spec-feedback' });
  text.value = draft ?? EXAMPLE;
  text.addEventListener('input', () => { draft = text.value; });
  const file = h('input', {
    id: 'spec-file', type: 'file', accept: '.yaml,.yml,.json,.sbatch,.sh,.txt',
    onchange: async (e) => {
      const f = e.target.files[0];
      if (!f) return;
      source = f.name;
      text.value = await f.text();
      draft = text.value;
    },
  });
  const feedback = h('div', { id: 'spec-feedback', 'aria-live': 'polite' });
  const preview = h('section', { class: 'panel', id: 'preview', hidden: true });

  const contentType = () => (/^\s*#!|^\s*#SBATCH/m.test(text.value) ? 'text/x-shellscript' : text.value.trim().startsWith('{') ? 'application/json' : 'application/yaml');
  const send = (route) => fetchSpec(route, text.value, contentType(), source);

  fill(main,
    h('h1', {}, t('submit')),
    h('section', { class: 'panel' },
      h('p', {}, h('label', { for: 'spec' }, t('specLabel'))),
      text,
      h('div', { class: 'form-row', style: 'margin-top:8px' },
        h('div', {}, h('label', { for: 'spec-file' }, t('uploadLabel')), file),
        h('div', {}, h('button', { type: 'button', class: 'secondary', id: 'preview-button', onclick: doPreview }, t('preview'))),
        h('div', {}, h('button', { type: 'button', id: 'submit-button', onclick: doSubmit }, t('doSubmit')))),
      feedback),
    preview);

  async function doPreview() {
    fill(feedback);
    preview.hidden = true;
    try {
      const decisions = await send('/v1/placements/dry-run');
      const first = decisions[0];
      const view = decisionView(first, 'preview');
      fill(preview, h('h2', {}, t('previewTitle')), view.element);
      preview.hidden = false;
      view.draw();
    } catch (e) {
      showErrors(e);
    }
  }

  async function doSubmit() {
    fill(feedback);
    try {
      const result = await send('/v1/jobs');
      draft = null;
      location.hash = `#/jobs/${encodeURIComponent(result.jobs[0].id)}`;
    } catch (e) {
      showErrors(e);
    }
  }

  function showErrors(e) {
    if (!(e instanceof ApiError)) { fill(feedback, h('p', { class: 'error', role: 'alert' }, String(e))); return; }
    const errors = Object.entries(e.problem.errors ?? {});
    const lines = text.value.split('\n');
    const marked = new Map(); // line number → messages
    for (const [location, messages] of errors) {
      const n = lineOf(location, lines);
      if (n) marked.set(n, [...(marked.get(n) ?? []), ...messages.map(m => `${location}: ${m}`)]);
    }
    fill(feedback, h('div', { class: 'errors', role: 'alert' },
      h('strong', {}, `${e.problem.title ?? t('specErrors')}: ${e.problem.detail ?? ''}`),
      h('ul', { id: 'spec-errors' }, errors.map(([location, messages]) => {
        const n = lineOf(location, lines);
        return h('li', {}, n ? h('strong', {}, `${t('line')} ${n} `) : null, h('code', {}, location), ': ', messages.join('; '));
      }))),
    marked.size ? h('pre', { class: 'spec-lines', 'aria-label': t('specErrors') }, lines.map((line, i) => {
      const messages = marked.get(i + 1);
      return h('div', { class: messages ? 'bad' : null, title: messages?.join('\n') }, h('span', { class: 'ln' }, i + 1), line, messages ? `    ⟵ ${messages.join('; ')}` : '');
    })) : null);
  }
}

async function fetchSpec(route, body, contentType, source) {
  return api(route, { method: 'POST', body, contentType, headersExtra: { 'X-Suanwang-Source': encodeURIComponent(source) } });
}

// Where a located error sits in the text: "line 4 (…)" names it; a field path such as
// "resources.accelerators.count" is found by its keys, in order.
export function lineOf(location, lines) {
  const explicit = /line (\d+)/i.exec(location);
  if (explicit) return Number(explicit[1]);
  const keys = location.split(/[.[\]]/).filter(k => k && !/^\d+$/.test(k));
  let from = 0;
  let found = 0;
  for (const key of keys) {
    const pattern = new RegExp(`(^|[\\s{,"'])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const index = lines.findIndex((l, i) => i >= from && pattern.test(l));
    if (index < 0) break;
    found = index + 1;
    from = index;
  }
  return found || null;
}
