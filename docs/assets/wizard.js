/* Beslishulp: the decision tree one question at a time, on top of the static pages.
 *
 * State lives only in the URL fragment, answers by id: #a=vt-wordt-gevraagd/ja/ja
 * (&wijzig=<question id> to change an answer, &verslag for the afwegingsverslag).
 * Nothing is stored (no cookies, no storage) and nothing is sent; notes stay in memory.
 * All text is inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-wizard]");
  if (!root) return;

  var tree = null;
  var notes = {};        // question id -> note text, in memory only
  var keptTail = null;   // answers after the one being changed, to replay where they fit
  var live;              // the aria-live region, created once so screen readers keep it
  var stage;             // the current step, replaced on every change

  // --- small DOM helpers ---------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "on") Object.keys(attrs.on).forEach(function (t) { node.addEventListener(t, attrs.on[t]); });
      else node.setAttribute(key, attrs[key]);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  function list(tag, items, make) {
    var node = el(tag);
    items.forEach(function (item) { node.appendChild(el("li", {}, make(item))); });
    return node;
  }

  function link(text, href, attrs) {
    var a = el("a", attrs || {});
    a.textContent = text;
    a.href = href;
    return a;
  }

  function hidden(text) { return el("span", { "class": "visueel-verborgen", text: text }); }

  // --- state: the fragment -------------------------------------------------------

  function fragment(answers, extra) {
    return "#a=" + answers.join("/") + (extra || "");
  }

  function readState() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var raw = params.get("a");
    return {
      answers: raw ? raw.split("/") : [],
      edit: params.get("wijzig"),
      record: params.has("verslag"),
      unknown: Array.from(params.keys()).some(function (k) { return ["a", "wijzig", "verslag"].indexOf(k) < 0; })
    };
  }

  /* Follow the answers from the start. Returns the steps taken and the node reached,
     or an error text when the answers do not fit the tree. */
  function walk(answers) {
    var steps = [];
    var id = tree.start;
    for (var i = 0; i < answers.length; i++) {
      var question = tree.vragen[id];
      if (!question) return { error: "Er staan meer antwoorden in de link dan er vragen zijn." };
      var answer = question.antwoorden.filter(function (a) { return a.id === answers[i]; })[0];
      if (!answer) return { error: "Het antwoord '" + answers[i] + "' hoort niet bij vraag " + question.nummer + "." };
      steps.push({ id: id, question: question, answer: answer });
      id = answer.naar;
    }
    return { steps: steps, id: id, question: tree.vragen[id], outcome: tree.uitkomsten[id] };
  }

  function go(hash) {
    if (location.hash === hash) render(true);
    else location.hash = hash;  // a new history entry: Back and Forward step through
  }

  function choose(steps, answerId) {
    var answers = steps.map(function (s) { return s.answer.id; }).concat(answerId);
    if (keptTail) answers = replay(answers, keptTail);
    keptTail = null;
    go(fragment(answers));
  }

  /* After a changed answer, reuse earlier answers for the questions that follow, as far
     as the new path still passes those questions. */
  function replay(answers, previous) {
    var result = walk(answers);
    while (result.question && previous[result.id]) {
      answers = answers.concat(previous[result.id]);
      result = walk(answers);
    }
    return answers;
  }

  var remaining = {};
  function maxRemaining(id) {
    if (!tree.vragen[id]) return 0;
    if (remaining[id] === undefined) {
      remaining[id] = 1 + Math.max.apply(null, tree.vragen[id].antwoorden.map(function (a) {
        return maxRemaining(a.naar);
      }));
    }
    return remaining[id];
  }

  // --- views ---------------------------------------------------------------------

  function restartLink() {
    return link("Opnieuw beginnen", "#", { "class": "md-button", "data-opnieuw": "" });
  }

  function citations(bronnen) {
    return list("ul", bronnen, function (b) { return link(b.label, "../" + b.url); });
  }

  function summary(steps, currentEdit) {
    if (!steps.length) return null;
    var answers = steps.map(function (s) { return s.answer.id; });
    var dl = el("dl", { "class": "beslishulp-antwoorden" });
    steps.forEach(function (step) {
      var change = link("Wijzig", fragment(answers, "&wijzig=" + step.id));
      change.appendChild(hidden(" uw antwoord op: " + step.question.vraag));
      if (step.id === currentEdit) change.setAttribute("aria-current", "step");
      dl.appendChild(el("dt", { text: step.question.nummer + ". " + step.question.vraag }));
      dl.appendChild(el("dd", {}, el("span", { text: step.answer.tekst }), document.createTextNode(" "), change));
    });
    return el("section", { "class": "beslishulp-samenvatting", "aria-labelledby": "uw-antwoorden" },
      el("h3", { id: "uw-antwoorden", text: "Uw antwoorden" }), dl);
  }

  /* `steps` lead up to this question; when changing an earlier answer, `editing` is that
     step and `allSteps` the whole path, which the summary keeps showing. */
  function questionView(result, steps, editing, allSteps) {
    var q = result.question;
    var current = editing ? editing.answer.id : null;
    var buttons = el("div", { "class": "beslishulp-knoppen", role: "group", "aria-labelledby": "beslishulp-kop" });
    q.antwoorden.forEach(function (a) {
      var button = el("button", { type: "button", "class": "beslishulp-antwoord", "data-answer": a.id, text: a.tekst });
      if (a.id === current) {
        button.classList.add("beslishulp-antwoord--huidig");
        button.appendChild(hidden(" (uw huidige antwoord)"));
      }
      button.addEventListener("click", function () { choose(steps, a.id); });
      buttons.appendChild(button);
    });
    var total = steps.length + maxRemaining(result.id);
    var back = steps.length
      ? link("Vorige", fragment(steps.slice(0, -1).map(function (s) { return s.answer.id; })), { "class": "md-button" })
      : null;
    return [
      el("p", { "class": "beslishulp-voortgang", text: "Vraag " + (steps.length + 1) + " van hoogstens " + total }),
      el("h2", { id: "beslishulp-kop", tabindex: "-1", text: q.vraag }),
      el("p", { text: q.toelichting }),
      buttons,
      el("details", {}, el("summary", { text: "Waarop deze vraag steunt" }), citations(q.bronnen)),
      el("p", { "class": "beslishulp-navigatie" }, back, restartLink(),
        link("Deze vraag als losse pagina", result.id + "/")),
      summary(allSteps || steps, editing && editing.id)
    ];
  }

  function quotes(bronnen) {
    return bronnen.map(function (b) {
      return el("details", { "class": "beslishulp-bron" }, el("summary", { text: b.label }),
        el("blockquote", { text: b.tekst }), el("p", {}, link("Lees " + b.label.toLowerCase(), "../" + b.url)));
    });
  }

  function outcomeView(result, steps) {
    var o = result.outcome;
    var answers = steps.map(function (s) { return s.answer.id; });
    var parts = [
      el("p", { "class": "beslishulp-voortgang", text: "Uitkomst " + o.letter }),
      el("h2", { id: "beslishulp-kop", tabindex: "-1", "data-outcome": result.id, text: o.titel }),
      el("div", { "class": "admonition warning" },
        el("p", { "class": "admonition-title", text: "Een hulpmiddel, geen besluit" }),
        el("p", { text: tree.disclaimer })),
      el("h3", { text: "Wat kunt u doen?" }),
      list("ol", o.advies, function (step) { return document.createTextNode(step); }),
      el("h3", { text: "Waarom?" }),
      el("p", { text: o.waarom }),
      el("h3", { text: "Wat de vuistregels zeggen" })
    ].concat(quotes(o.bronnen));
    parts.push(el("p", { "class": "beslishulp-navigatie" },
      link("Maak een afwegingsverslag", fragment(answers, "&verslag"), { "class": "md-button md-button--primary" }),
      restartLink(), link("Deze uitkomst als losse pagina", result.id + "/")));
    parts.push(summary(steps));
    return parts;
  }

  function recordText(result, steps, stamp) {
    var o = result.outcome;
    var lines = ["AFWEGINGSVERSLAG", tree.titel, "",
      "Datum en tijd: " + stamp,
      "Beslisboom: versie " + tree.versie + ", inhoudshash " + tree.inhoudshash, "", "VRAGEN EN ANTWOORDEN"];
    steps.forEach(function (s) {
      lines.push(s.question.nummer + ". " + s.question.vraag, "   Antwoord: " + s.answer.tekst);
      if (notes[s.id]) lines.push("   Notitie: " + notes[s.id]);
    });
    lines.push("", "UITKOMST " + o.letter + ": " + o.titel);
    o.advies.forEach(function (step, i) { lines.push((i + 1) + ". " + step); });
    lines.push("", "Waarom: " + o.waarom, "", "WAT DE VUISTREGELS ZEGGEN");
    o.bronnen.forEach(function (b) { lines.push(b.label + ": \"" + b.tekst + "\""); });
    lines.push("", tree.disclaimer);
    return lines.join("\n");
  }

  function recordView(result, steps) {
    var o = result.outcome;
    var stamp = new Date().toLocaleString("nl-NL", { dateStyle: "long", timeStyle: "short" });
    var rows = el("ol", { "class": "verslag-stappen" });
    steps.forEach(function (s) {
      var noteId = "notitie-" + s.id;
      var mirror = el("p", { "class": "verslag-notitie-print", text: notes[s.id] || "" });
      var area = el("textarea", { id: noteId, rows: "2" });
      area.value = notes[s.id] || "";
      area.addEventListener("input", function () { notes[s.id] = area.value; mirror.textContent = area.value; });
      rows.appendChild(el("li", {},
        el("p", { "class": "verslag-vraag", text: s.question.vraag }),
        el("p", {}, el("strong", { text: "Antwoord: " }), document.createTextNode(s.answer.tekst)),
        el("label", { "for": noteId, text: "Notitie bij vraag " + s.question.nummer + " (optioneel)" }),
        area, mirror));
    });
    var copy = el("button", { type: "button", "class": "md-button", text: "Kopieer als tekst" });
    copy.addEventListener("click", function () { copyText(recordText(result, steps, stamp)); });
    var print = el("button", { type: "button", "class": "md-button", text: "Afdrukken" });
    print.addEventListener("click", function () { window.print(); });
    return [
      el("h2", { id: "beslishulp-kop", tabindex: "-1", "data-outcome": result.id, text: "Afwegingsverslag" }),
      el("p", { text: tree.titel }),
      el("p", { "class": "verslag-privacy", text: "Uw notities worden niet opgeslagen en niet verstuurd. " +
        "Ze verdwijnen als u deze pagina sluit of opnieuw laadt. Druk het verslag af of kopieer het." }),
      el("dl", { "class": "verslag-gegevens" },
        el("dt", { text: "Datum en tijd" }), el("dd", { text: stamp }),
        el("dt", { text: "Beslisboom" }), el("dd", { text: "versie " + tree.versie + ", inhoudshash " + tree.inhoudshash })),
      el("h3", { text: "Vragen en antwoorden" }), rows,
      el("h3", { text: "Uitkomst " + o.letter + ": " + o.titel }),
      list("ol", o.advies, function (step) { return document.createTextNode(step); }),
      el("p", {}, el("strong", { text: "Waarom: " }), document.createTextNode(o.waarom)),
      el("h3", { text: "Wat de vuistregels zeggen" }),
      list("ul", o.bronnen, function (b) {
        return el("span", {}, el("strong", { text: b.label + ": " }), document.createTextNode("\u201c" + b.tekst + "\u201d"));
      }),
      el("p", { "class": "verslag-disclaimer", text: tree.disclaimer }),
      el("p", { "class": "beslishulp-navigatie" }, print, copy,
        link("Terug naar de uitkomst", fragment(steps.map(function (s) { return s.answer.id; })), { "class": "md-button" }),
        restartLink())
    ];
  }

  function copyText(text) {
    var done = function () { announce("Het verslag is gekopieerd."); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { copyFallback(text); done(); });
    } else {
      copyFallback(text);
      done();
    }
  }

  function copyFallback(text) {  // for intranets on plain http, where the clipboard API is absent
    var area = el("textarea", { "class": "visueel-verborgen", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  function errorView(message) {
    if (message.length > 300) message = message.slice(0, 300) + "…";  // a link can be 100 KB long
    return [
      el("h2", { id: "beslishulp-kop", tabindex: "-1", text: "Deze link werkt niet" }),
      el("p", { text: message + " Misschien is de link niet helemaal gekopieerd, of is de beslisboom " +
        "sinds het maken van de link veranderd." }),
      el("p", {}, link("Begin opnieuw met de eerste vraag", "#", { "class": "md-button md-button--primary", "data-opnieuw": "" }))
    ];
  }

  // --- rendering -----------------------------------------------------------------

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function render(moveFocus) {
    var state = readState();
    var result = walk(state.answers);
    var view, spoken;
    if (state.unknown || result.error) {
      view = errorView(result.error || "De link bevat onbekende gegevens.");
      spoken = "Deze link werkt niet.";
    } else if (state.edit) {
      var index = result.steps.map(function (s) { return s.id; }).indexOf(state.edit);
      if (index < 0) {
        view = errorView("De vraag '" + state.edit + "' hoort niet bij deze antwoorden.");
        spoken = "Deze link werkt niet.";
      } else {
        keptTail = {};
        result.steps.slice(index + 1).forEach(function (s) { keptTail[s.id] = s.answer.id; });
        var before = result.steps.slice(0, index);
        view = questionView({ id: state.edit, question: tree.vragen[state.edit] }, before, result.steps[index],
          result.steps);
        spoken = "Wijzig uw antwoord. " + tree.vragen[state.edit].vraag;
      }
    } else if (result.outcome) {
      view = state.record ? recordView(result, result.steps) : outcomeView(result, result.steps);
      spoken = (state.record ? "Afwegingsverslag. " : "Uitkomst: ") + result.outcome.titel;
    } else {
      if (state.record) return go(fragment(state.answers));
      keptTail = null;
      view = questionView(result, result.steps, null);
      spoken = "Vraag " + (result.steps.length + 1) + ": " + result.question.vraag;
    }
    stage.replaceChildren.apply(stage, view.filter(Boolean));
    root.classList.toggle("beslishulp--verslag", !!state.record && !!result.outcome);
    Array.prototype.forEach.call(stage.querySelectorAll("[data-opnieuw]"), function (a) {
      a.addEventListener("click", function (event) { event.preventDefault(); notes = {}; go(fragment([])); });
    });
    root.setAttribute("data-state", location.hash);  // lets tests wait for a finished render
    if (moveFocus) {
      announce(spoken);
      stage.querySelector("#beslishulp-kop").focus();
    }
  }

  function start() {
    live = el("p", { "class": "visueel-verborgen", "aria-live": "polite", "aria-atomic": "true" });
    stage = el("div", { "class": "beslishulp-stap" });
    var source = root.getAttribute("data-bron");
    fetch(source, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        tree = data;
        root.replaceChildren(live, stage);
        render(location.hash.length > 1);
        window.addEventListener("hashchange", function () { render(true); });
      })
      .catch(function () {
        root.insertBefore(el("p", { "class": "beslishulp-fout", text: "De stap-voor-stap-hulp kon niet laden. " +
          "Gebruik de losse pagina's hieronder." }), root.firstChild);
      });
  }

  start();
})();
