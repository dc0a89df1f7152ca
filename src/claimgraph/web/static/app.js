// claimgraph pages: the link explorer's graph and evidence panel, the actor's activity
// chart, and the review form.  Everything is served by the app itself.
"use strict";

function token() { return localStorage.getItem("claimgraph_token") || ""; }

function saveToken(value) {
  localStorage.setItem("claimgraph_token", value);
  document.cookie = "claimgraph_token=" + encodeURIComponent(value) + "; path=/; SameSite=Strict";
}

// an edge's evidence is fetched when it is opened, under the page's filters
function showEvidence(key, title, offset) {
  const list = document.getElementById("evidence-list");
  if (!list) return;
  document.getElementById("evidence-title").textContent = title || "Evidence";
  const params = new URLSearchParams(window.location.search);
  ["a", "b", "via"].forEach(k => params.delete(k));
  params.set("edge", key);
  if (offset) params.set("offset", offset);
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  fetch("/links/evidence?" + params).then(r => r.text()).then(html => {
    list.innerHTML = html;
    list.removeAttribute("aria-busy");
    list.querySelectorAll(".more-evidence").forEach(a => a.addEventListener("click", evt => {
      evt.preventDefault();
      showEvidence(key, title, a.dataset.offset);
    }));
  }).catch(() => { list.textContent = "The evidence could not be loaded."; });
}

function drawLinks(data) {
  const maxClaims = Math.max(1, ...data.nodes.map(n => n.claims));
  const elements = data.nodes.map(n => ({ data: { id: n.id, label: n.label, role: n.role,
      size: 24 + 40 * Math.sqrt(n.claims / maxClaims) } }))
    .concat(data.edges.map(e => ({ data: { id: e.id, source: e.source, target: e.target, colour: e.colour,
      label: e.event + " (" + e.claims + ")", width: 1.5 + 8 * e.strength, mutual: e.mutual } })));
  const cy = cytoscape({
    container: document.getElementById("graph"), elements: elements, wheelSensitivity: 0.3,
    layout: { name: data.nodes.length > 2 ? "cose" : "circle", animate: false, padding: 30 },
    style: [
      { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)",
        "background-color": "#5b7da8", "font-size": 12, "text-valign": "bottom", "text-margin-y": 4 } },
      { selector: "node[role = 'end']", style: { "background-color": "#22313f" } },
      { selector: "edge", style: { "width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)", "font-size": 10,
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge[?mutual]", style: { "target-arrow-shape": "none", "line-style": "dashed" } },
      { selector: "edge:selected", style: { "overlay-color": "#e80", "overlay-opacity": 0.3 } },
    ],
  });
  cy.on("tap", "edge", evt => {
    const d = evt.target.data();
    showEvidence(d.id, cy.getElementById(d.source).data("label") + " → " + cy.getElementById(d.target).data("label") + ": " + d.label);
  });
  window.claimgraphCy = cy;
}

function drawActivity(box) {
  fetch("/api/actors/" + encodeURIComponent(box.dataset.actor) + "/activity")
    .then(r => r.json()).then(data => {
      const months = data.months || [];
      if (!months.length) { box.textContent = "No dated claims."; return; }
      const w = 760, h = 160, pad = 24, max = Math.max(...months.map(m => m.claims));
      const bw = Math.max(2, Math.floor((w - 2 * pad) / months.length) - 2);
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("width", w); svg.setAttribute("height", h); svg.setAttribute("role", "img");
      months.forEach((m, i) => {
        const bh = Math.max(1, (h - 2 * pad) * m.claims / max);
        const r = document.createElementNS(ns, "rect");
        r.setAttribute("x", pad + i * (bw + 2)); r.setAttribute("y", h - pad - bh);
        r.setAttribute("width", bw); r.setAttribute("height", bh); r.setAttribute("fill", "#5b7da8");
        const t = document.createElementNS(ns, "title"); t.textContent = m.month + ": " + m.claims + " claims";
        r.appendChild(t); svg.appendChild(r);
      });
      [[months[0].month, pad, "start"], [months[months.length - 1].month, w - pad, "end"]].forEach(([label, x, anchor]) => {
        const t = document.createElementNS(ns, "text");
        t.setAttribute("x", x); t.setAttribute("y", h - 6); t.setAttribute("font-size", 11);
        t.setAttribute("text-anchor", anchor); t.textContent = label; svg.appendChild(t);
      });
      box.replaceChildren(svg);
    }).catch(() => { box.textContent = "The chart could not be loaded."; });
}

// after a write, the answer is shown and the page reloaded to show the claim as it now is
function sendReview(form, method, body, saved) {
  const message = document.getElementById("review-message");
  if (form.token.value) saveToken(form.token.value);
  // without a token in the form, the cookie saved at login (if any) is sent
  const init = { method: method, headers: form.token.value ? { "Authorization": "Bearer " + form.token.value } : {} };
  if (body) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
  fetch("/api/claims/" + form.dataset.pk + "/review", init)
    .then(r => r.json().then(data => ({ ok: r.ok, status: r.status, data: data }))).then(res => {
      if (!res.ok) {
        message.textContent = "Not saved (" + res.status + "): " + (typeof res.data.detail === "string" ? res.data.detail : JSON.stringify(res.data.detail));
        return;
      }
      message.textContent = saved(res.data);
      setTimeout(() => window.location.reload(), 400);
    }).catch(err => { message.textContent = "Not saved: " + err; });
}

function reviewForm(form) {
  const message = document.getElementById("review-message");
  const undo = document.getElementById("undo-review");
  if (undo) undo.addEventListener("click", () => {
    if (!window.confirm("Undo this review? The claim goes back to what was extracted.")) return;
    sendReview(form, "DELETE", null, data => "Undone: the claim is as extracted again.");
  });
  form.querySelector("#reviewer").value = localStorage.getItem("claimgraph_reviewer") || "";
  form.querySelector("#token").value = token();
  form.querySelectorAll(".verdict-button").forEach(button => button.addEventListener("click", () => {
    const verdict = button.dataset.verdict;
    const reviewer = form.reviewer.value.trim();
    if (!reviewer) { message.textContent = "Say who reviews."; return; }
    const body = { verdict: verdict, reviewer: reviewer, note: form.note.value.trim() || null };
    if (verdict === "corrected") {
      const changes = {};
      if (form.event.value) changes.event = form.event.value;
      if (form.mode.value.trim()) changes.mode = form.mode.value.trim().toLowerCase() === "none" ? null : form.mode.value.trim();
      ["actor", "recipient"].forEach(role => {
        if (form[role].value.trim()) changes[role] = form[role].value.split(";").map(s => s.trim()).filter(Boolean);
      });
      if (form.asserted_by.value.trim()) changes.asserted_by = form.asserted_by.value.trim();
      if (form.polarity.value) changes.polarity = form.polarity.value;
      if (!Object.keys(changes).length) { message.textContent = "Fill in what is wrong first."; return; }
      body.changes = changes;
    }
    localStorage.setItem("claimgraph_reviewer", reviewer);
    sendReview(form, "POST", body, data => "Saved: " + data.review.verdict + " by " + data.review.reviewer + ".");
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".show-edge").forEach(a => a.addEventListener("click", evt => {
    evt.preventDefault();
    const row = a.closest(".edge-row");
    showEvidence(row.dataset.edge, a.textContent);
    if (window.claimgraphCy) { window.claimgraphCy.$(":selected").unselect(); window.claimgraphCy.getElementById(row.dataset.edge).select(); }
  }));
  const activity = document.getElementById("activity");
  if (activity) drawActivity(activity);
  const form = document.getElementById("review-form");
  if (form) reviewForm(form);
  const login = document.getElementById("login-form");
  if (login) login.addEventListener("submit", evt => { evt.preventDefault(); saveToken(document.getElementById("login-token").value); window.location = "/"; });
  const chosen = document.querySelector(".chosen");
  if (chosen) chosen.scrollIntoView({ block: "center" });
});
