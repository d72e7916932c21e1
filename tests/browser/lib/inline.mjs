// The static export's inlining, in JavaScript: what `scalargrad explore …
// --html page.html` must do in Rust (src/explore/assets/README.md says the
// same in words). The dev server serves its output at /export.html so the
// browser tests can open it from file://.
//
// Input: the asset files by name, and the JSON of POST /api/expression.
// Output: one HTML file with the CSS in a <style>, the JSON in
// <script type="application/json" id="scalargrad-data">, and every module in
// one <script type="module">, each wrapped in a function whose result holds
// its exports.

const IMPORT = /^import \{([^}]*)\} from '\.\/([A-Za-z0-9_-]+)\.js';\s*$/;
const EXPORT = /^export (?:async )?(?:function\*? |const |class )([A-Za-z_$][A-Za-z0-9_$]*)/;

/** The modules in dependency order, starting from `entry` (depth first). */
export function moduleOrder(files, entry = 'main.js') {
  const order = [];
  const visiting = new Set();
  const visit = (name) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`import cycle through ${name}`);
    visiting.add(name);
    for (const line of files[name].split('\n')) {
      const m = line.match(IMPORT);
      if (m) visit(`${m[2]}.js`);
    }
    visiting.delete(name);
    order.push(name);
  };
  visit(entry);
  return order;
}

/** `app.js` → `module_app`: the variable holding a module's exports. */
function moduleVariable(name) {
  return `module_${name.replace(/\.js$/, '').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** One module as a function scope: imports become reads of earlier modules' exports. */
export function wrapModule(name, source) {
  const exports = [];
  const lines = source.split('\n').map((line) => {
    const imported = line.match(IMPORT);
    if (imported) return `const {${imported[1].replace(/\s+as\s+/g, ': ')}} = ${moduleVariable(`${imported[2]}.js`)};`;
    if (/^import\b/.test(line)) throw new Error(`${name}: an import the inliner cannot read: ${line}`);
    const exported = line.match(EXPORT);
    if (exported) {
      exports.push(exported[1]);
      return line.replace(/^export /, '');
    }
    if (/^export\b/.test(line)) throw new Error(`${name}: an export the inliner cannot read: ${line}`);
    return line;
  });
  return `// ---- ${name}\nconst ${moduleVariable(name)} = (() => {\n${lines.join('\n')}\nreturn { ${exports.join(', ')} };\n})();\n`;
}

/** The whole page as one HTML file. */
export function inlinePage(files, expressionJson) {
  for (const [name, text] of Object.entries(files)) {
    if (/<\/script/i.test(text) && name !== 'index.html') throw new Error(`${name} contains "</script", which would end the inline script`);
  }
  const script = moduleOrder(files).map((name) => wrapModule(name, files[name])).join('\n');
  // `<` escaped so the JSON cannot close its script element (a formula may hold "</script>").
  const data = JSON.stringify(expressionJson).replace(/</g, '\\u003c');
  let html = files['index.html'];
  const link = '<link rel="stylesheet" href="style.css">';
  const entry = '<script type="module" src="main.js"></script>';
  if (!html.includes(link) || !html.includes(entry)) throw new Error('index.html lacks the stylesheet link or the main.js script line');
  html = html.replace(link, () => `<style>\n${files['style.css']}</style>`);
  html = html.replace(entry, () => `<script type="application/json" id="scalargrad-data">${data}</script>\n<script type="module">\n${script}</script>`);
  return html;
}
