// The cases the browser tests and the fixtures share.

/** micrograd's README expression (its `c` and `d` written out), with its known gradients. */
export const MICROGRAD = {
  formula: [
    '((((a + b) + ((a + b) + 1)) + ((1 + ((a + b) + ((a + b) + 1))) + (-a)))',
    ' - (((a*b + b^3) + ((a*b + b^3)*2 + relu(b + a)))',
    ' + (3*((a*b + b^3) + ((a*b + b^3)*2 + relu(b + a))) + relu(b - a))))^2/2',
    ' + 10/((((a + b) + ((a + b) + 1)) + ((1 + ((a + b) + ((a + b) + 1))) + (-a)))',
    ' - (((a*b + b^3) + ((a*b + b^3)*2 + relu(b + a)))',
    ' + (3*((a*b + b^3) + ((a*b + b^3)*2 + relu(b + a))) + relu(b - a))))^2',
  ].join(''),
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
