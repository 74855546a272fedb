// The query page of `kg serve`. It talks to this endpoint only (the server's
// Content-Security-Policy allows no other origin) and writes every value with
// textContent, never as HTML: graph labels are page text, and page text is data.
"use strict";
(function () {
  const query = document.getElementById("query");
  const examples = document.getElementById("examples");
  const accept = document.getElementById("accept");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  let prefixes = "";

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function cell(tag, text) {
    const el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function showTable(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      results.appendChild(cell("p", String(data.boolean)));
      say("ASK answered", false);
      return;
    }
    const vars = data.head.vars || [];
    const table = document.createElement("table");
    const head = document.createElement("tr");
    vars.forEach((v) => head.appendChild(cell("th", v)));
    table.appendChild(head);
    data.results.bindings.forEach((b) => {
      const row = document.createElement("tr");
      vars.forEach((v) => row.appendChild(cell("td", b[v] ? b[v].value : "")));
      table.appendChild(row);
    });
    results.appendChild(table);
    say(data.results.bindings.length + " rows", false);
  }

  async function run() {
    say("running…", false);
    results.replaceChildren();
    try {
      const response = await fetch("query", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": accept.value },
        body: query.value,
      });
      const text = await response.text();
      if (!response.ok) {
        say(response.status + ": " + text, true);
        return;
      }
      if (accept.value === "text/csv") {
        results.appendChild(cell("pre", text));
        say("CSV answered", false);
      } else {
        showTable(JSON.parse(text));
      }
    } catch (e) {
      say(String(e), true);
    }
  }

  fetch("examples.json").then((r) => r.json()).then((data) => {
    prefixes = data.prefixes;
    query.value = prefixes + "\nSELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 20\n";
    data.queries.forEach((q) => {
      const option = cell("option", q.name);
      option.value = q.text;
      examples.appendChild(option);
    });
  });
  examples.addEventListener("change", () => {
    query.value = examples.value || prefixes + "\n";
  });
  document.getElementById("run").addEventListener("click", run);
})();
