// lesson.js: the lesson view (being written).
import { el } from './app.js';
function mount(container) { container.append(el('section', { class: 'view' }, 'lesson')); }
function unmount() {}
export const lessonView = { mount, unmount };
