// i18n.js: the page's words in English and Vietnamese.
//
// Vietnamese terms follow the lesson's glossary (shared/lesson/GLOSSARY.vi.md):
// "gradient" is never translated; upstream = "gradient truyền về", local
// derivative = "đạo hàm cục bộ", contribution = "đóng góp", accumulate =
// "cộng dồn", layer = "tầng", unit = "nút", class = "lớp"; code words (data,
// grad, ReLU, epoch, batch) and the lesson's symbols (z_j, a_i, e_j) stay as
// they are. `{name}` in a string is replaced by a parameter.

const STRINGS = {
  en: {
    'brand.explore': 'explore',
    'tab.expression': 'expression',
    'tab.network': 'network',
    'tab.lesson': 'lesson',
    'static.note': 'static page: no server',
    'static.expression': 'A static page written by scalargrad explore --html: step it here; to change the formula or the values, run scalargrad explore.',
    'static.needsServer': 'Needs the server: run scalargrad explore.',
    'error.network': 'The server does not answer (is scalargrad explore still running?).',
    'error.badJson': 'The server sent something that is not JSON.',
    'error.title': 'Error',
    'graph.aria': 'the graph of the expression: boxes label | data | grad, op circles between',
    'zoom.in': 'zoom in',
    'zoom.out': 'zoom out',
    'zoom.fit': 'show the whole graph',
    'zoom.fitShort': 'fit',
    'expr.formula': 'formula',
    'expr.apply': 'draw',
    'expr.examples': 'examples…',
    'expr.share': 'copy link',
    'expr.copied': 'link copied',
    'expr.variables': 'variables',
    'expr.slider': 'slider',
    'expr.stepper': 'step the forward and backward passes',
    'step.step': 'step',
    'step.play': 'play (space)',
    'step.pause': 'pause (space)',
    'step.start': 'jump to the start (Home)',
    'step.back': 'step back (←)',
    'step.next': 'step (→)',
    'step.end': 'jump to the end (End)',
    'step.speed': 'steps per second',
    'step.position': 'step',
    'step.now': 'now',
    'step.keys': '→ / ← step · space play/pause · Home / End',
    'phase.start': 'start',
    'phase.forward': 'forward pass',
    'phase.backward': 'backward pass',
    'phase.done': 'done',
    'caption.start': 'Press → to step: the forward pass computes {forward} nodes one by one, then the backward pass sends the gradient back along {backward} steps.',
    'caption.forward': 'forward pass: node {k} of {n}',
    'caption.backward': 'backward pass: step {k} of {n}',
    'caption.seed': 'The root: ∂{root}/∂{root} = 1 starts the backward pass.',
    'caption.upstream': 'upstream',
    'caption.local': 'local',
    'caption.contribution': 'contribution',
    'caption.accumulate': 'contribution {k} of {n} into {name}: its grad accumulates (+=).',
    'panel.paths': 'paths',
    'panel.nudge': 'nudge',
    'panel.node': 'node',
    'panel.verify': 'your ∂',
    'verify.wrt': 'the variable',
    'verify.field': 'your ∂{root}/∂{wrt}',
    'verify.placeholder': 'e.g. 2*x*cos(x^2)',
    'verify.go': 'check',
    'verify.explain': 'Type the derivative you worked out by hand. It is compared with autograd at {points} random points, each variable anywhere in its slider\'s range (PyTorch\'s tolerances).',
    'verify.noVariables': 'The formula has no variables: there is nothing to differentiate.',
    'verify.right': 'Right at all {n} points.',
    'verify.rightSome': 'Right at the {agreed} of {n} points where autograd has a derivative.',
    'verify.wrong': 'Wrong at {disagreed} of {n} points (right at {agreed}).',
    'verify.unchecked': 'Not checked: autograd has no derivative at any of the {n} points.',
    'verify.undefined': 'Undefined at {count} points: autograd itself has no derivative there (a kink or a pole), so they do not count against you',
    'verify.worst': 'worst (relative to the tolerance)',
    'verify.yours': 'yours',
    'verify.difference': 'difference',
    'verify.wrongKey': 'wrong',
    'verify.plot': 'your derivative and autograd\'s along {wrt}',
    'verify.wrongPoints': '{shown} of the {count} wrong points; click one to step the graph there:',
    'verify.goTo': 'show the graph at this point',
    'paths.wrt': 'variable',
    'paths.show': 'paths to the root {root}',
    'paths.explain': 'The chain rule as a sum over paths: each path from the variable to the root contributes the product of the local derivatives along it.',
    'paths.total': 'Σ over {count} paths =',
    'paths.limited': 'showing {shown} of {count} paths',
    'paths.tour': 'highlight each path in turn',
    'paths.stop': 'stop',
    'nudge.go': 'nudge',
    'nudge.explain': 'A gradient is a prediction: nudging a variable by h should change {root} by about grad·h.',
    'nudge.variable': 'variable',
    'nudge.predicted': 'predicted grad·h',
    'nudge.actual': 'actual change',
    'node.explain': 'Click a box or an op circle to see its node.',
    'node.node': 'node',
    'node.op': 'computed as',
    'node.input': 'input',
    'node.constant': 'constant (no gradient)',
    'kind.variable': 'a variable (leaf)',
    'kind.constant': 'a constant (leaf)',
    'kind.op': 'an op',
    'anomaly.value': '{kind} value born at {node}',
    'anomaly.gradient': '{kind} gradient born at {node}',
    'net.presets': 'the lesson’s situations',
    'preset.dying_relu': 'dying ReLU',
    'preset.zero_init': 'zero init',
    'preset.vanishing': 'vanishing sigmoids',
    'net.data': 'data',
    'net.dataset': 'dataset',
    'net.samples': 'samples',
    'net.noise': 'noise',
    'net.network': 'network',
    'net.layers': 'hidden layers',
    'net.addLayer': 'add a hidden layer',
    'net.removeLayer': 'remove the last hidden layer',
    'net.width': 'units in hidden layer {k}',
    'net.activation': 'activation',
    'net.init': 'initializer',
    'net.training': 'training',
    'net.optimizer': 'optimizer',
    'net.learningRate': 'learning rate',
    'net.batchSize': 'batch size',
    'net.stepsPerUpdate': 'steps per update',
    'net.reset': 'new network',
    'net.keys': 'space train/pause · → one step',
    'net.play': 'train',
    'net.pause': 'pause',
    'net.step': 'one step',
    'net.stepCount': 'step',
    'net.epoch': 'epoch',
    'net.loss': 'loss',
    'net.accuracy': 'accuracy',
    'net.regions': 'decision regions and the data',
    'net.curves': 'loss and accuracy',
    'net.diagram': 'the network: click a unit',
    'net.dead': 'dead (ReLU inactive on every example)',
    'net.symmetric': 'identical units (symmetry not broken)',
    'net.gradNorm': '‖grad‖',
    'net.input': 'input',
    'net.output': 'output',
    'net.layer': 'layer {k}',
    'net.neuron': 'unit {j} of layer {l}',
    'net.example': 'example',
    'net.exampleHint': 'click a point of the data to choose the example',
    'net.neuronHint': 'Click a unit of the diagram: its z_j, a_j, e_j and the table ∂J/∂w_ij = e_j·a_i for one example.',
    'net.bias': 'bias',
    'net.agree': 'e_j·a_i equals autograd on every row',
    'net.disagree': 'e_j·a_i differs from autograd',
    'net.starting': 'creating the network…',
    'lesson.open.expression': 'open in the expression view',
    'lesson.open.network': 'open in the network view',
    'lesson.sections': 'sections',
    'lesson.loading': 'loading the lesson…',
  },
  vi: {
    'brand.explore': 'explore',
    'tab.expression': 'biểu thức',
    'tab.network': 'mạng nơ-ron',
    'tab.lesson': 'bài học',
    'static.note': 'trang tĩnh: không có server',
    'static.expression': 'Trang tĩnh do scalargrad explore --html tạo ra: có thể đi qua từng bước ở đây; muốn đổi công thức hay giá trị, hãy chạy scalargrad explore.',
    'static.needsServer': 'Cần server: hãy chạy scalargrad explore.',
    'error.network': 'Server không trả lời (scalargrad explore còn chạy không?).',
    'error.badJson': 'Server gửi về dữ liệu không phải JSON.',
    'error.title': 'Lỗi',
    'graph.aria': 'đồ thị tính toán của biểu thức: hộp nhãn | data | grad, vòng tròn phép toán ở giữa',
    'zoom.in': 'phóng to',
    'zoom.out': 'thu nhỏ',
    'zoom.fit': 'xem toàn bộ đồ thị',
    'zoom.fitShort': 'vừa khung',
    'expr.formula': 'công thức',
    'expr.apply': 'vẽ',
    'expr.examples': 'ví dụ…',
    'expr.share': 'chép liên kết',
    'expr.copied': 'đã chép',
    'expr.variables': 'các biến',
    'expr.slider': 'thanh trượt',
    'expr.stepper': 'đi qua từng bước lan truyền thuận và lan truyền ngược',
    'step.step': 'bước',
    'step.play': 'chạy (phím cách)',
    'step.pause': 'tạm dừng (phím cách)',
    'step.start': 'về đầu (Home)',
    'step.back': 'bước lùi (←)',
    'step.next': 'bước tiếp (→)',
    'step.end': 'tới cuối (End)',
    'step.speed': 'số bước mỗi giây',
    'step.position': 'bước',
    'step.now': 'bước này',
    'step.keys': '→ / ← bước tiếp / bước lùi · phím cách chạy/tạm dừng · Home / End',
    'phase.start': 'bắt đầu',
    'phase.forward': 'lan truyền thuận',
    'phase.backward': 'lan truyền ngược',
    'phase.done': 'xong',
    'caption.start': 'Nhấn → để đi từng bước: lan truyền thuận tính lần lượt {forward} nút, rồi lan truyền ngược đưa gradient về qua {backward} bước.',
    'caption.forward': 'lan truyền thuận (forward pass): nút {k} / {n}',
    'caption.backward': 'lan truyền ngược (backward pass): bước {k} / {n}',
    'caption.seed': 'Nút gốc: ∂{root}/∂{root} = 1 mở đầu lan truyền ngược.',
    'caption.upstream': 'gradient truyền về',
    'caption.local': 'đạo hàm cục bộ',
    'caption.contribution': 'đóng góp',
    'caption.accumulate': 'đóng góp thứ {k} / {n} vào {name}: gradient của nút được cộng dồn (+=).',
    'panel.paths': 'đường đi',
    'panel.nudge': 'thay đổi nhỏ',
    'panel.node': 'nút',
    'panel.verify': '∂ của bạn',
    'verify.wrt': 'biến',
    'verify.field': '∂{root}/∂{wrt} của bạn',
    'verify.placeholder': 'ví dụ 2*x*cos(x^2)',
    'verify.go': 'kiểm tra',
    'verify.explain': 'Nhập đạo hàm bạn tự tính bằng tay. Nó được so với autograd tại {points} điểm ngẫu nhiên, mỗi biến lấy bất kỳ trong khoảng của thanh trượt (sai số cho phép như PyTorch).',
    'verify.noVariables': 'Biểu thức không có biến: không có gì để lấy đạo hàm.',
    'verify.right': 'Đúng tại cả {n} điểm.',
    'verify.rightSome': 'Đúng tại {agreed} / {n} điểm mà autograd có đạo hàm.',
    'verify.wrong': 'Sai tại {disagreed} / {n} điểm (đúng tại {agreed}).',
    'verify.unchecked': 'Chưa kiểm tra được: autograd không có đạo hàm tại điểm nào trong {n} điểm.',
    'verify.undefined': 'Không xác định tại {count} điểm: chính autograd không có đạo hàm ở đó (điểm gãy hoặc cực), nên không tính là lỗi của bạn',
    'verify.worst': 'lệch nhiều nhất (so với sai số cho phép)',
    'verify.yours': 'của bạn',
    'verify.difference': 'chênh lệch',
    'verify.wrongKey': 'sai',
    'verify.plot': 'đạo hàm của bạn và của autograd theo {wrt}',
    'verify.wrongPoints': '{shown} / {count} điểm sai; bấm vào một điểm để xem đồ thị tại đó:',
    'verify.goTo': 'xem đồ thị tại điểm này',
    'paths.wrt': 'biến',
    'paths.show': 'các đường đi tới nút gốc {root}',
    'paths.explain': 'Quy tắc chuỗi (chain rule) là tổng theo mọi đường đi: mỗi đường đi từ biến tới nút gốc đóng góp tích các đạo hàm cục bộ dọc theo đường đó.',
    'paths.total': 'tổng theo {count} đường đi =',
    'paths.limited': 'đang hiện {shown} / {count} đường đi',
    'paths.tour': 'lần lượt tô sáng từng đường đi',
    'paths.stop': 'dừng',
    'nudge.go': 'tăng thêm h',
    'nudge.explain': 'Gradient là một dự đoán: tăng một biến thêm một lượng nhỏ h thì {root} được dự đoán thay đổi khoảng grad·h.',
    'nudge.variable': 'biến',
    'nudge.predicted': 'dự đoán grad·h',
    'nudge.actual': 'thay đổi thực tế',
    'node.explain': 'Nhấn vào một hộp hay một vòng tròn phép toán để xem nút đó.',
    'node.node': 'nút',
    'node.op': 'được tính bằng',
    'node.input': 'đầu vào',
    'node.constant': 'hằng số (không có gradient)',
    'kind.variable': 'một biến (nút lá)',
    'kind.constant': 'một hằng số (nút lá)',
    'kind.op': 'một phép toán',
    'anomaly.value': 'giá trị {kind} sinh ra tại {node}',
    'anomaly.gradient': 'gradient {kind} sinh ra tại {node}',
    'net.presets': 'các tình huống của bài học',
    'preset.dying_relu': 'dying ReLU',
    'preset.zero_init': 'khởi tạo bằng 0',
    'preset.vanishing': 'sigmoid: tiêu biến gradient',
    'net.data': 'dữ liệu',
    'net.dataset': 'tập dữ liệu',
    'net.samples': 'số mẫu',
    'net.noise': 'nhiễu',
    'net.network': 'mạng',
    'net.layers': 'tầng ẩn',
    'net.addLayer': 'thêm một tầng ẩn',
    'net.removeLayer': 'bỏ tầng ẩn cuối',
    'net.width': 'số nút của tầng ẩn {k}',
    'net.activation': 'hàm kích hoạt',
    'net.init': 'khởi tạo',
    'net.training': 'huấn luyện',
    'net.optimizer': 'optimizer',
    'net.learningRate': 'tốc độ học (learning rate)',
    'net.batchSize': 'kích thước batch',
    'net.stepsPerUpdate': 'số bước mỗi lần cập nhật',
    'net.reset': 'mạng mới',
    'net.keys': 'phím cách huấn luyện/tạm dừng · → một bước',
    'net.play': 'huấn luyện',
    'net.pause': 'tạm dừng',
    'net.step': 'một bước',
    'net.stepCount': 'bước',
    'net.epoch': 'epoch',
    'net.loss': 'loss',
    'net.accuracy': 'độ chính xác',
    'net.regions': 'vùng của mỗi lớp và dữ liệu',
    'net.curves': 'loss và độ chính xác',
    'net.diagram': 'mạng: nhấn vào một nút',
    'net.dead': 'nút chết (ReLU không kích hoạt với mọi mẫu)',
    'net.symmetric': 'các nút giống hệt nhau (tính đối xứng chưa bị phá vỡ)',
    'net.gradNorm': '‖grad‖',
    'net.input': 'đầu vào',
    'net.output': 'đầu ra',
    'net.layer': 'tầng {k}',
    'net.neuron': 'nút {j} của tầng {l}',
    'net.example': 'mẫu',
    'net.exampleHint': 'nhấn vào một điểm dữ liệu để chọn mẫu',
    'net.neuronHint': 'Nhấn vào một nút trên sơ đồ: z_j, a_j, e_j của nút và bảng ∂J/∂w_ij = e_j·a_i cho một mẫu.',
    'net.bias': 'bias',
    'net.agree': 'e_j·a_i khớp với autograd ở mọi dòng',
    'net.disagree': 'e_j·a_i khác với autograd',
    'net.starting': 'đang tạo mạng…',
    'lesson.open.expression': 'mở trong trang biểu thức',
    'lesson.open.network': 'mở trong trang mạng nơ-ron',
    'lesson.sections': 'các phần',
    'lesson.loading': 'đang tải bài học…',
  },
};

const LANGUAGE_KEY = 'scalargrad-explore-language';

function initialLanguage() {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (saved === 'en' || saved === 'vi') return saved;
  } catch (cause) {
    // No storage (a file:// page in some browsers): fall through.
  }
  return (navigator.language || '').toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

const languageState = { current: initialLanguage() };

/** The language in use, `en` or `vi`. */
export function getLanguage() {
  return languageState.current;
}

/** Switches the language (remembered in the browser when it can be). */
export function setLanguage(lang) {
  languageState.current = lang === 'vi' ? 'vi' : 'en';
  document.documentElement.lang = languageState.current;
  try {
    localStorage.setItem(LANGUAGE_KEY, languageState.current);
  } catch (cause) {
    // Not remembered; the switch still works.
  }
}

/**
 * The string `key` in the current language, with `{name}` replaced by
 * `params.name`. A missing key shows as itself and is reported on the
 * console (the browser tests fail on console errors).
 */
export function tr(key, params = {}) {
  const table = STRINGS[languageState.current];
  let text = table[key] ?? STRINGS.en[key];
  if (text === undefined) {
    console.error(`i18n: no string for "${key}"`);
    text = key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * Re-translates the static parts of the page: an element with
 * `data-i18n="key"` gets the string as its text; with `data-i18n-title`,
 * as its title and aria-label.
 */
export function translatePage(root) {
  document.documentElement.lang = languageState.current;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = tr(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-title]')) {
    node.title = tr(node.dataset.i18nTitle);
    node.setAttribute('aria-label', node.title);
  }
}

/** Every key, for the tests: both languages must have the same ones. */
export function stringKeys(lang) {
  return Object.keys(STRINGS[lang] || {});
}
