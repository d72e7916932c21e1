// A placeholder until the explorer's page lands: records a formula through
// the API (or reads the JSON embedded by `--html`) and shows the gradients
// as text. Everything is shown with textContent, never as HTML.
"use strict";

function show(view) {
  const out = document.getElementById("output");
  if (view.error) {
    out.textContent = "error: " + view.error + (view.column ? " (column " + view.column + ")" : "");
    return;
  }
  const lines = ["formula: " + view.formula];
  for (const v of view.variables) {
    lines.push("∂f/∂" + v.name + " = " + v.grad);
  }
  lines.push(view.nodes.length + " nodes, " + view.backward.length + " backward steps");
  out.textContent = lines.join("\n");
}

const embedded = document.getElementById("scalargrad-data");
if (embedded) {
  show(JSON.parse(embedded.textContent));
  document.getElementById("expression").hidden = true;
} else {
  document.getElementById("expression").addEventListener("submit", async (event) => {
    event.preventDefault();
    let values;
    try {
      values = JSON.parse(document.getElementById("values").value);
    } catch (e) {
      show({ error: "values: " + e.message });
      return;
    }
    const response = await fetch("api/expression", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ formula: document.getElementById("formula").value, values }),
    });
    show(await response.json());
  });
}
