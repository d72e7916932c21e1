// lesson.js: the lesson view. The sections of "Insight into Multi-layer
// Perceptron" from GET /api/lesson, in the page's language: the text as the
// walkthrough prints it (preformatted), its pictures, and a link that opens
// the section's example in the expression or network view.

import { el, setChildren, callApi, writeState } from './app.js';
import { tr, getLanguage } from './i18n.js';

const lesson = {
  root: null,
  sections: [],
  language: null,
  current: 1,
  elements: {},
  request: 0,
};

function mount(container, params) {
  lesson.current = Number(params.get('section')) || 1;
  const list = el('nav', { class: 'lesson-list', 'aria-label': tr('lesson.sections') });
  const content = el('article', { class: 'lesson-content', tabindex: '-1' });
  lesson.root = el('section', { class: 'view lesson-view' }, list, content);
  lesson.elements = { list, content };
  container.append(lesson.root);
  load();
}

function update(params) {
  const section = Number(params.get('section')) || 1;
  if (section !== lesson.current) show(section);
}

function unmount() {
  lesson.root = null;
}

async function load() {
  const number = ++lesson.request;
  const language = getLanguage();
  setChildren(lesson.elements.content, [el('p', { class: 'note' }, tr('lesson.loading'))]);
  try {
    const answer = await callApi('GET', `/api/lesson?lang=${language}`);
    if (number !== lesson.request || !lesson.root) return;
    lesson.sections = Array.isArray(answer.sections) ? answer.sections : [];
    lesson.language = language;
    drawList();
    show(lesson.current);
  } catch (error) {
    if (lesson.root) setChildren(lesson.elements.content, [el('p', { class: 'error-text' }, error.message)]);
  }
}

function drawList() {
  setChildren(lesson.elements.list, [
    el('h2', { 'data-i18n': 'lesson.sections' }, tr('lesson.sections')),
    el('ol', {}, ...lesson.sections.map((section) => el('li', {},
      el('a', { href: `#lesson?section=${section.number}`, class: 'lesson-link', 'data-section': String(section.number) },
        el('span', { class: 'section-number' }, String(section.number)), ' ', String(section.title)))))]);
}

function show(number) {
  const section = lesson.sections.find((s) => s.number === number) || lesson.sections[0];
  if (!section) return;
  lesson.current = section.number;
  writeState('lesson', new URLSearchParams({ section: String(section.number) }));
  for (const link of lesson.elements.list.querySelectorAll('.lesson-link')) {
    if (Number(link.dataset.section) === section.number) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
  const open = section.open && ['expression', 'network'].includes(section.open.view)
    ? el('a', { class: 'open-link', href: `#${section.open.view}${section.open.state ? `?${String(section.open.state).replace(/^\?/, '')}` : ''}` }, `→ ${tr(`lesson.open.${section.open.view}`)}`)
    : null;
  const pictures = (section.pictures || []).filter((src) => typeof src === 'string' && src.startsWith('/api/lesson/'));
  const content = lesson.elements.content;
  setChildren(content, [
    el('header', { class: 'lesson-head' }, el('h1', {}, `${section.number}. ${String(section.title)}`), open),
    pictures.length ? el('div', { class: 'pictures' }, ...pictures.map((src) => el('figure', {}, el('a', { href: src, target: '_blank', rel: 'noopener' }, el('img', { src, alt: String(section.title), loading: 'lazy' }))))) : null,
    el('pre', { class: 'lesson-text' }, String(section.text ?? '')),
  ]);
  content.scrollTop = 0;
}

function onLanguage() {
  if (lesson.root && lesson.language !== getLanguage()) load();
}

/** The lesson view, as the router (app.js) mounts it. */
export const lessonView = { mount, unmount, update, onLanguage };
