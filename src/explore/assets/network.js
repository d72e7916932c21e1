// network.js: the network view (being written).
import { el } from './app.js';
function mount(container) { container.append(el('section', { class: 'view' }, 'network')); }
function unmount() {}
export const networkView = { mount, unmount };
