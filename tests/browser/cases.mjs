// The cases the browser tests and the fixtures share.

/** micrograd's README expression as its Python writes it (statements name c … g), with its known gradients. */
export const MICROGRAD = {
  formula: 'c = a + b; d = a*b + b^3; c += c + 1; c += 1 + c + (-a); d += d*2 + relu(b + a); d += 3*d + relu(b - a); e = c - d; f = e^2; g = f/2; g += 10/f',
  values: { a: -4, b: 2 },
  // micrograd's README: g = 24.7041, a.grad = 138.8338, b.grad = 645.5773.
  g: '24.7041',
  grads: { a: '138.8338', b: '645.5773' },
};

/** Formulas a user might type to inject markup: they must show as characters. */
export const XSS_FORMULAS = [
  '<script>window.__xss = 1</script>',
  '"><img src=x onerror="window.__xss=2">',
  "x + '<svg onload=window.__xss=3>'",
];

/**
 * The values the page sends for a formula it has just been given: 1 for
 * each identifier not followed by `(` (as expression.js's formulaVariables).
 */
export function defaultValues(formula) {
  const values = {};
  const token = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g;
  for (const match of formula.matchAll(token)) if (match[2] && !match[3]) values[match[2]] = 1;
  return values;
}

/**
 * "Your derivative" for sin(x²) at x = 1: the chain rule forgotten, the right
 * answer, one with a formula error; and ln x, whose derivative autograd has
 * only for x > 0. `box` is what the page sends: the sliders' ranges (−5..5
 * for a value of 1).
 */
export const VERIFY = {
  formula: 'sin(x^2)',
  values: { x: 1 },
  wrong: 'cos(x^2)',
  right: '2*x*cos(x^2)',
  broken: '2*x*cos(x^2',
  box: { x: [-5, 5] },
  points: 100,
  undefined: { formula: 'ln(x)', values: { x: 1 }, derivative: '1/x' },
};
