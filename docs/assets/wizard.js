/* Beslishulp: the decision tree one question at a time, on top of the static pages.
 *
 * State lives only in the URL fragment, answers by id and the edition of the tree they
 * belong to: #a=veilig-thuis/informatie-geven/ja&uitgave=3.0 (&wijzig=<question id> to change
 * an answer, &verslag for the afwegingsverslag). A link without `uitgave` (made before editions
 * were named) is read with the current tree, or else with the newest earlier edition it fits.
 * An earlier edition is shown as it was, from /beslisboom/edities/<versie>.json.
 * Nothing is stored (no cookies, no storage) and nothing is sent; what the user types in
 * the afwegingsverslag (notes, fields) stays in memory. Only when the page is left does the
 * text go into history.state of that history entry, so that Back brings it back; it is taken
 * out again as soon as the page shows it (see "keeping the verslag", docs/privacy.md).
 * All text is inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-wizard]");
  if (!root) return;

  /* Maps keyed by ids or texts from the content have no prototype: an id such as
     "constructor" or "__proto__" is an ordinary key, never Object.prototype's. */
  function dict() { return Object.create(null); }
  function owned(source) {
    var out = dict();
    Object.keys(source || {}).forEach(function (key) { out[key] = source[key]; });
    return out;
  }

  var current = null;    // the current edition of the tree (beslisboom.json)
  var tree = null;       // the edition being shown: the current one, or an earlier one
  var loaded = dict();   // version -> promise of that earlier edition's tree
  var notes = dict();    // question id -> note text, in memory only
  var ticked = dict();   // route and "als" question -> true when ticked, in memory only
  var fields = dict();   // afwegingsverslag field -> text, in memory only
  var lastAnswers = [];  // the answers of the previous render: marks "uw vorige antwoord"
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
    return "#a=" + answers.join("/") + "&uitgave=" + encodeURIComponent(tree.versie) + (extra || "");
  }

  /* The first question of the current edition, with nothing answered. */
  function freshStart() { return "#a=&uitgave=" + encodeURIComponent(current.versie); }

  function readState() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var raw = params.get("a");
    return {
      answers: raw ? raw.split("/") : [],
      edit: params.get("wijzig"),
      record: params.has("verslag"),
      edition: params.get("uitgave"),
      unknown: Array.from(params.keys()).some(function (k) {
        return ["a", "wijzig", "verslag", "uitgave"].indexOf(k) < 0;
      })
    };
  }

  /* Follow the answers from the start. Returns the steps taken and the node reached,
     or an error text when the answers do not fit the tree. */
  function walk(answers) { return walkIn(tree, answers); }

  function walkIn(tree, answers) {
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
    go(fragment(answerIds(steps).concat(answerId)));
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

  var remaining = dict();
  function maxRemaining(id) {
    if (!tree.vragen[id]) return 0;
    if (remaining[id] === undefined) {
      remaining[id] = 1 + Math.max.apply(null, tree.vragen[id].antwoorden.map(function (a) {
        return maxRemaining(a.naar);
      }));
    }
    return remaining[id];
  }

  /* The reminders ("let op") of the answers on the path, in path order, each text once. */
  function reminders(steps) {
    var seen = dict(), found = [];
    steps.forEach(function (step) {
      (step.answer.let_op || []).forEach(function (r) {
        if (!seen[r.tekst]) { seen[r.tekst] = true; found.push(r); }
      });
    });
    return found;
  }

  function answerIds(steps) {
    return steps.map(function (s) { return s.answer.id; });
  }

  // --- editions ------------------------------------------------------------------
  /* The edition a fragment is read with: the one it names, or (a link from before editions
     were named) the current one, or else the newest earlier edition that the answers fit.
     Gives {tree} or {error}, or a promise of that while an earlier edition still has to be
     fetched: that happens only when a link needs one, once per edition. */

  var ready = dict();    // version -> an earlier edition's tree, once fetched

  function earlierVersions() { return (current.uitgaven || []).slice(); }

  function editionFor(state) {
    var version = state.edition;
    if (version) {
      if (version === current.versie) return { tree: current };
      if (earlierVersions().indexOf(version) < 0) {
        return { error: "Deze link hoort bij versie " + version + " van de beslisboom. Die versie staat niet op deze site." };
      }
      if (ready[version]) return { tree: ready[version] };
      return loadEdition(version).then(function (t) { return { tree: t }; }, function () {
        return { error: "Versie " + version + " van de beslisboom kon niet laden." };
      });
    }
    if (!walkIn(current, state.answers).error) return { tree: current };
    var versions = earlierVersions().reverse();
    var fitting = function () { return newestFitting(versions, state.answers); };
    if (versions.every(function (v) { return ready[v]; })) return fitting();
    return Promise.all(versions.map(function (v) {
      return loadEdition(v).catch(function () { return null; });
    })).then(fitting);
  }

  function newestFitting(versions, answers) {
    var fit = versions.filter(function (v) { return ready[v] && !walkIn(ready[v], answers).error; })[0];
    return fit ? { tree: ready[fit] } : { tree: current, fitsNone: versions.length > 0 };
  }

  function loadEdition(version) {
    if (!loaded[version]) {
      var address = new URL("edities/" + encodeURIComponent(version) + ".json",
        new URL(root.getAttribute("data-bron"), location.href));
      loaded[version] = fetchTree(address.href).then(function (t) { ready[version] = t; return t; });
    }
    return loaded[version];
  }

  function fetchTree(address) {
    return fetch(address, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        data.vragen = owned(data.vragen);
        data.uitkomsten = owned(data.uitkomsten);
        data.schemas = owned(data.schemas);
        return data;
      });
  }

  function useTree(t) {
    if (tree !== t) remaining = dict();
    tree = t;
  }

  /* Above every step of an earlier edition: which one, and a way to the current one. */
  function editionNotice() {
    if (tree === current) return null;
    return el("div", { "class": "admonition info beslishulp-uitgave", "data-uitgave": tree.versie },
      el("p", { "class": "admonition-title", text: "Eerdere uitgave (versie " + tree.versie + ")" }),
      el("p", { text: editionWords() + " De beslisboom is daarna veranderd. Het advies van nu kan anders zijn." }),
      el("p", {}, link("Beantwoord de vragen opnieuw met de huidige uitgave", freshStart(), { "data-opnieuw": "" }),
        document.createTextNode(" · "), link("Wat is er veranderd?", "wijzigingen/")));
  }

  function editionWords() {
    return "Dit zijn de vragen en het advies zoals ze waren in versie " + tree.versie + " van de beslisboom.";
  }

  /* A link to a node's own page: only in the current edition, whose pages are on the site. */
  function ownPageLink(text, id) {
    return tree === current ? link(text, id + "/") : null;
  }

  // --- views ---------------------------------------------------------------------

  function restartLink() {
    return link("Opnieuw beginnen", "#", { "class": "md-button", "data-opnieuw": "" });
  }

  function citations(bronnen) {
    return list("ul", bronnen, function (b) { return link(b.label, "../" + b.url); });
  }

  function backLink(steps) {
    return steps.length ? link("Vorige", fragment(answerIds(steps.slice(0, -1))), { "class": "md-button" }) : null;
  }

  /* Questions are numbered in the order the wizard showed them, never by internal numbers. */
  function summary(steps, currentEdit) {
    if (!steps.length) return null;
    var answers = answerIds(steps);
    var dl = el("dl", { "class": "beslishulp-antwoorden" });
    steps.forEach(function (step, i) {
      var change = link("Wijzig", fragment(answers, "&wijzig=" + step.id));
      change.appendChild(hidden(" uw antwoord op: " + step.question.vraag));
      if (step.id === currentEdit) change.setAttribute("aria-current", "step");
      dl.appendChild(el("dt", { text: (i + 1) + ". " + step.question.vraag }));
      dl.appendChild(el("dd", {}, el("span", { text: step.answer.tekst }), document.createTextNode(" "), change));
    });
    return el("section", { "class": "beslishulp-samenvatting", "aria-labelledby": "uw-antwoorden" },
      el("h3", { id: "uw-antwoorden", text: "Uw antwoorden" }), dl);
  }

  /* `steps` lead up to this question; when changing an earlier answer, `editing` is that
     step and `allSteps` the whole path, which the summary keeps showing. */
  function questionView(result, steps, editing, allSteps) {
    var q = result.question;
    var given = editing ? editing.answer.id : null;
    var earlier = editing ? null : previousAnswer(steps);
    var buttons = el("div", { "class": "beslishulp-knoppen", role: "group", "aria-labelledby": "beslishulp-kop" });
    q.antwoorden.forEach(function (a) {
      var button = el("button", { type: "button", "class": "beslishulp-antwoord", "data-answer": a.id, text: a.tekst });
      if (a.id === given) {
        button.classList.add("beslishulp-antwoord--huidig");
        button.appendChild(el("span", { "class": "beslishulp-huidig", text: " (uw huidige antwoord)" }));
      } else if (a.id === earlier) {
        button.classList.add("beslishulp-antwoord--vorig");
        button.appendChild(el("span", { "class": "beslishulp-vorig", text: " (uw vorige antwoord)" }));
      }
      if (editing) {
        var dropped = droppedBy(steps, a.id, allSteps).length;
        if (dropped) button.appendChild(el("span", { "class": "beslishulp-vervalt", text: dropped === 1 ?
          " (dan vervalt 1 later antwoord)" : " (dan vervallen " + dropped + " latere antwoorden)" }));
      }
      button.addEventListener("click", function () {
        if (editing) changeAnswer(steps, editing, a, allSteps);
        else choose(steps, a.id);
      });
      buttons.appendChild(button);
    });
    var total = steps.length + maxRemaining(result.id);
    var navigation = editing ? [editBackLink(steps, allSteps), cancelLink(allSteps)] : [backLink(steps), restartLink()];
    return [
      editionNotice(),
      el("p", { "class": "beslishulp-voortgang", text: editing ? "Wijzig uw antwoord bij stap " + (steps.length + 1) :
        "Stap " + (steps.length + 1) + " van hoogstens " + total }),
      el("h2", { id: "beslishulp-kop", tabindex: "-1", text: q.vraag }),
      el("p", { text: q.toelichting }),
      buttons,
      el("details", {}, el("summary", { text: "Waarop deze vraag steunt" }), citations(q.bronnen)),
      el("p", { "class": "beslishulp-navigatie" }, navigation[0], navigation[1],
        ownPageLink("Deze vraag als losse pagina", result.id)),
      summary(allSteps || steps, editing && editing.id),
      steps.length || editing ? null : answerCodeForm()
    ];
  }

  /* On the first question: open the route of an answer code from an afwegingsverslag, with
     the version of the tree the verslag names ("2.1", "versie 2.1", or a code "2.1:a/b/c"). */
  function answerCodeForm() {
    var code = el("input", { id: "antwoordcode", type: "text", autocomplete: "off", spellcheck: "false" });
    var version = el("input", { id: "antwoordcode-versie", type: "text", autocomplete: "off", inputmode: "decimal" });
    var form = el("form", { "class": "beslishulp-code" },
      el("p", {}, el("label", { "for": "antwoordcode", text: "Antwoordcode (bijvoorbeeld uit een afwegingsverslag)" }),
        code),
      el("p", {}, el("label", { "for": "antwoordcode-versie", text: "Versie van de beslisboom (staat in het verslag)" }),
        version),
      el("p", {}, el("button", { type: "submit", "class": "md-button", text: "Open deze route" })));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      go(codeFragment(code.value, version.value));
    });
    return el("details", { "class": "beslishulp-code-open" },
      el("summary", { text: "Een antwoordcode openen" }), form);
  }

  function codeFragment(code, version) {
    var answers = code.replace(/\s+/g, "");
    var named = version.replace(/^\s*versie\s*/i, "").trim();
    var split = answers.match(/^([^:/]+):(.*)$/);
    if (split) { named = named || split[1]; answers = split[2]; }
    return "#a=" + answers.split("/").map(encodeURIComponent).join("/") +
      (named ? "&uitgave=" + encodeURIComponent(named) : "");
  }

  // --- changing an answer ("Wijzig") ---------------------------------------------------
  /* Changing an answer keeps every later answer that still fits the new path; before any
     answer is dropped, the user sees which ones and confirms. "Annuleren" goes back to where
     the user was, and "Vorige" to changing the question before, both with all answers kept. */

  /* The answers the new path would take: `before` and the new answer, then earlier answers
     for the questions that follow, as far as the new path still passes them. */
  function changedAnswers(before, answerId) {
    return replay(answerIds(before).concat(answerId), keptTail || dict());
  }

  /* The later steps of `allSteps` whose answer the new path does not keep. */
  function droppedBy(before, answerId, allSteps) {
    var kept = dict();
    walk(changedAnswers(before, answerId)).steps.forEach(function (s) { kept[s.id] = s.answer.id; });
    return allSteps.slice(before.length + 1).filter(function (s) { return kept[s.id] !== s.answer.id; });
  }

  function changeAnswer(before, editing, answer, allSteps) {
    var answers = changedAnswers(before, answer.id);
    var dropped = droppedBy(before, answer.id, allSteps);
    if (!dropped.length) return go(fragment(answers));
    showStep(confirmView(editing, answer, dropped, allSteps, answers),
      "Deze antwoorden vervallen als u dit antwoord kiest: " + dropped.map(function (s) {
        return s.question.vraag + " " + s.answer.tekst;
      }).join("; ") + ". Kies of u het antwoord wijzigt.");
  }

  /* Asks before dropping answers: the question, the new answer, and the answers that go. */
  function confirmView(editing, answer, dropped, allSteps, answers) {
    var yes = el("button", { type: "button", "class": "md-button md-button--primary", "data-bevestig": "ja",
      text: "Ja, wijzig mijn antwoord" });
    yes.addEventListener("click", function () { go(fragment(answers)); });
    var no = el("button", { type: "button", "class": "md-button", "data-bevestig": "nee",
      text: "Nee, houd mijn antwoorden" });
    no.addEventListener("click", function () { render(true); });
    return [
      editionNotice(),
      el("h2", { id: "beslishulp-kop", tabindex: "-1", "data-bevestigen": "", text: "Deze antwoorden vervallen" }),
      el("p", { text: "U kiest bij \u2018" + editing.question.vraag + "\u2019 nu: " + answer.tekst +
        " Dan passen deze latere antwoorden niet meer. Ze vervallen:" }),
      list("ul", dropped, function (s) {
        return el("span", {}, el("strong", { text: (allSteps.indexOf(s) + 1) + ". " + s.question.vraag + " " }),
          document.createTextNode(s.answer.tekst));
      }),
      el("p", { text: "Wilt u dit antwoord toch kiezen?" }),
      el("p", { "class": "beslishulp-navigatie" }, yes, no, cancelLink(allSteps))
    ];
  }

  /* Back to the outcome or question the user came from, with all answers as they were. */
  function cancelLink(allSteps) {
    var a = link("Annuleren", fragment(answerIds(allSteps)), { "class": "md-button", "data-annuleren": "" });
    a.appendChild(hidden(": terug naar waar u was, uw antwoorden blijven staan"));
    return a;
  }

  /* In Wijzig mode "Vorige" changes the question before, and keeps every answer. */
  function editBackLink(before, allSteps) {
    if (!before.length) return null;
    return link("Vorige", fragment(answerIds(allSteps), "&wijzig=" + before[before.length - 1].id),
      { "class": "md-button" });
  }

  /* After going back (Vorige or the browser's Back), the answer given before to this question. */
  function previousAnswer(steps) {
    var answers = answerIds(steps);
    if (lastAnswers.length <= answers.length) return null;
    for (var i = 0; i < answers.length; i++) if (lastAnswers[i] !== answers[i]) return null;
    return lastAnswers[answers.length];
  }

  /* "(Vuistregel 5, punt 1, …)" after a text, each point a link; `opening` replaces "(". */
  function appendSourceLinks(item, bronnen, opening) {
    bronnen.forEach(function (b, i) {
      item.appendChild(document.createTextNode(i ? ", " : opening || "("));
      item.appendChild(link(b.label, "../" + b.url));
    });
    item.appendChild(document.createTextNode(")"));
    return item;
  }

  function reminderList(items) {
    return list("ul", items, function (r) { return appendSourceLinks(el("span", { text: r.tekst + " " }), r.bronnen); });
  }

  /* An advice step: {tekst, bronnen, eigen_advies}, or a plain text in an edition from
     before provenance. Steps from the rules link their points; the handbook's own advice
     says so (OWN_ADVICE, as on the static pages). */
  var OWN_ADVICE = "Advies van dit handboek, geen vuistregel";

  function adviceItem(step) {
    if (typeof step === "string") return document.createTextNode(step);
    var item = el("span", { text: step.tekst + " " });
    if (step.eigen_advies) return el("span", {}, item, el("span", { "class": "eigen-advies", text: OWN_ADVICE }));
    return appendSourceLinks(item, step.bronnen, "(bron: ");
  }

  /* The steps for every case (numbered), then the steps that apply only sometimes: a checkbox
     for each question ("als"), which shows that question's steps under it when ticked. The
     static pages show them all; in the wizard the one step a case needs would be buried among
     ten or twenty. Steps that share a question share its checkbox. */
  var CONDITIONAL_LEGEND = "Geldt een van deze situaties voor u?";
  var CONDITIONAL_HINT = "Vink aan wat voor u geldt. Dan ziet u wat u dan ook kunt doen.";

  function isConditional(step) { return typeof step !== "string" && !!step.als; }

  /* The steps that apply only sometimes, grouped by question in the order the questions
     first come: [{als, steps}]. */
  function conditionGroups(steps) {
    var groups = [], byQuestion = dict();
    steps.filter(isConditional).forEach(function (step) {
      if (!byQuestion[step.als]) {
        byQuestion[step.als] = { als: step.als, steps: [] };
        groups.push(byQuestion[step.als]);
      }
      byQuestion[step.als].steps.push(step);
    });
    return groups;
  }

  /* Ticks live in memory, per route and question, so that the verslag of this route can
     carry the ticked steps; leaving the page keeps them with the typed text (keepTypedOnLeaving),
     "Opnieuw beginnen" forgets them (forgetTyped). */
  function tickKey(route, als) { return tree.versie + ":" + answerIds(route).join("/") + "\n" + als; }
  function isTicked(route, als) { return !!ticked[tickKey(route, als)]; }

  function conditionChoice(group, index, route) {
    var id = "als-" + (index + 1);
    var shown = el("div", { "class": "als-advies" });  // right after its box: no aria-controls needed
    group.steps.forEach(function (step) { shown.appendChild(el("p", {}, adviceItem(step))); });
    var input = el("input", { type: "checkbox", id: id });
    input.checked = isTicked(route, group.als);
    shown.hidden = !input.checked;
    input.addEventListener("change", function () {
      if (input.checked) ticked[tickKey(route, group.als)] = true;
      else delete ticked[tickKey(route, group.als)];
      shown.hidden = !input.checked;
    });
    var choice = document.createDocumentFragment();
    choice.append(el("span", { "class": "als-keuze" }, input, el("label", { "for": id, text: group.als })), shown);
    return choice;
  }

  /* The questions under their headings ("groep", in the order of "situatiegroepen"):
     [{kop, pairs: [[group, index]]}]; one list without heading if the tree has none. */
  function underHeadings(groups) {
    var pairs = groups.map(function (g, i) { return [g, i]; });
    var headings = (tree.situatiegroepen || []).filter(function (h) {
      return groups.some(function (g) { return g.steps[0].groep === h.id; });
    });
    if (!headings.length) return [{ kop: null, pairs: pairs }];
    return headings.map(function (h) {
      return { kop: h.kop, pairs: pairs.filter(function (pair) { return pair[0].steps[0].groep === h.id; }) };
    });
  }

  /* `route` is the path to the outcome: its ticks are kept for the verslag. */
  function adviceLists(steps, route) {
    var groups = conditionGroups(steps);
    function choices(pairs) {
      return list("ul", pairs, function (pair) { return conditionChoice(pair[0], pair[1], route); });
    }
    var always = list("ol", steps.filter(function (step) { return !isConditional(step); }), adviceItem);
    if (!groups.length) return [always, null];
    var fieldset = el("fieldset", { "class": "als-keuzes", "aria-describedby": "als-uitleg" },
      el("legend", { text: CONDITIONAL_LEGEND }),
      el("p", { "class": "als-uitleg", id: "als-uitleg", text: CONDITIONAL_HINT }));
    underHeadings(groups).forEach(function (part, i) {
      if (!part.kop) { fieldset.appendChild(choices(part.pairs)); return; }
      var id = "als-groep-" + (i + 1);
      fieldset.appendChild(el("div", { "class": "als-groep", role: "group", "aria-labelledby": id },
        el("p", { "class": "als-groepkop", id: id, text: part.kop }), choices(part.pairs)));
    });
    return [always, fieldset];
  }

  function adviceText(step) {
    if (typeof step === "string") return step;
    if (step.eigen_advies) return step.tekst + " [" + OWN_ADVICE + "]";
    return step.tekst + " (bron: " + step.bronnen.map(function (b) { return b.label; }).join(", ") + ")";
  }

  /* The perspective of a path: the last one an answer on it set ("vt", "partner"), or null. */
  function perspective(steps) {
    var found = null;
    steps.forEach(function (s) { if (s.answer.perspectief) found = s.answer.perspectief; });
    return found;
  }

  /* What an outcome says to this user: its part for the path's perspective (voor_vt,
     voor_partner), or its one advice for everyone. */
  function outcomePart(o, steps) {
    var own = perspective(steps);
    return (own && o["voor_" + own]) || { advies: o.advies || [], waarom: o.waarom || "", bronnen: o.bronnen };
  }

  /* The points this user's advice and reminders cite, each once: what "Wat de vuistregels
     zeggen" quotes. The verslag's appendix quotes the advice's points only: its reminders
     name theirs. */
  function citedPoints(part, notices) {
    var seen = dict(), found = [];
    [part.bronnen || []].concat(notices.map(function (r) { return r.bronnen; })).forEach(function (list) {
      list.forEach(function (b) { if (!seen[b.ref]) { seen[b.ref] = true; found.push(b); } });
    });
    return found;
  }

  function quotes(bronnen) {
    return bronnen.map(function (b) {
      return el("details", { "class": "beslishulp-bron" }, el("summary", { text: b.label }),
        el("blockquote", { text: b.tekst }), el("p", {}, link("Lees " + b.label.toLowerCase(), "../" + b.url)));
    });
  }

  /* The flowchart of the user's situation with the route taken marked: class "route" on
     exactly the nodes and edges of the path (styled in handboek.css). The SVG comes from the
     compiled JSON (built by Graphviz from escaped text), so showing it needs no request. */
  /* The route in the section's chart; `listId` is the same route as text, which a note before
     the chart offers in its place when wider text spacing would push the chart's text out. */
  /* The chart of the path's situation: named by the first answer, or by the first two
     where the first says who is answering (the compiler joins their ids with "-"). */
  function chartSection(steps) {
    if (!steps.length || !tree.schemas) return null;
    var two = steps.length > 1 ? steps[0].answer.id + "-" + steps[1].answer.id : null;
    return two && tree.schemas[two] ? two : steps[0].answer.id;
  }

  function routeChart(steps, endId, listId) {
    var section = chartSection(steps);
    var svg = section && tree.schemas[section];
    if (!svg) return [];
    var box = el("div", { "class": "stroomschema", tabindex: "0", role: "region", "aria-label": "Uw route in het stroomschema" });
    box.appendChild(document.importNode(new DOMParser().parseFromString(svg, "image/svg+xml").documentElement, true));
    var prefix = "schema-" + section + "--";
    var ids = [prefix + endId];
    steps.forEach(function (s) { ids.push(prefix + s.id, prefix + s.id + "--" + s.answer.id); });
    ids.forEach(function (id) {
      var item = box.querySelector('[id="' + id + '"]');
      if (item) item.classList.add("route");
      if (item) nameRouteLink(item);
    });
    var hint = el("p", { "class": "schema-schuifhint", hidden: "", text: "Het schema is breder dan het scherm. " +
      "Schuif het opzij om de rest te zien." });
    openOnRoute(box, hint);
    return [el("h3", { text: "Uw route in het stroomschema" }),
      el("p", { text: "Dik omlijnd en gekleurd: de vragen, uw antwoorden en de uitkomst. Klik op een vraag of " +
        "uitkomst om die als losse pagina te openen." }), hint,
      el("p", { "class": "schema-tekstafstand" }, document.createTextNode("Met uw tekstafstand past de tekst " +
        "niet in dit schema. "), el("a", { href: "#" + listId, text: "Lees uw route als lijst", on: { click: toList } }),
        document.createTextNode(".")),
      box];
  }

  /* A chart wider than its box (on a phone, nearly always) opens scrolled so that the first
     node of the route is in the middle, not on blank space at the left; the hint shows while
     the chart is wider than its box. The box is in the page once the view is shown. */
  function openOnRoute(box, hint) {
    function overflows() { return box.scrollWidth > box.clientWidth + 1; }
    window.requestAnimationFrame(function () {
      var first = box.querySelector(".node.route");
      if (first && overflows()) {
        var outer = box.getBoundingClientRect(), inner = first.getBoundingClientRect();
        box.scrollLeft += (inner.left + inner.width / 2) - (outer.left + outer.width / 2);
      }
      hint.hidden = !overflows();
    });
    if (window.ResizeObserver) new ResizeObserver(function () { hint.hidden = !overflows(); }).observe(box);
  }

  /* The wizard's state is in the address's fragment: go to the list without changing it. */
  function toList(event) {
    var target = document.getElementById(event.currentTarget.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    target.setAttribute("tabindex", "-1");
    target.focus();
  }

  /* A question or outcome on the route says so in its link's name, not by line and colour alone. */
  function nameRouteLink(item) {
    var a = item.querySelector("a");
    if (!a) return;
    a.setAttribute("aria-label", (a.getAttribute("aria-label") || a.textContent.trim()) + " (op uw route)");
  }

  // --- the local layer (beslisboom.json "lokaal", only in a local edition) ------------

  function has(object, key) { return !!object && Object.prototype.hasOwnProperty.call(object, key); }

  /* The site's local edition: recorded in every verslag, whichever edition of the tree is shown. */
  function localEdition() { return current && current.lokaal ? current.lokaal : null; }

  function localEditionText(local) {
    return local.organisatie + ", versie " + local.versie + ", vastgesteld " + local.vastgesteld;
  }

  function contactItem(c) {
    var item = el("span", {}, el("strong", { text: c.functie }));
    if (c.telefoon) {
      item.appendChild(document.createTextNode(", telefoon "));
      item.appendChild(link(c.telefoon, "tel:" + c.telefoon.replace(/[ -]/g, "")));
    }
    if (c["e-mail"]) {
      item.appendChild(document.createTextNode(", e-mail "));
      item.appendChild(link(c["e-mail"], "mailto:" + c["e-mail"]));
    }
    item.appendChild(document.createTextNode(", bereikbaar: " + c.bereikbaarheid));
    return item;
  }

  /* After the national text, never in it: the region's agreements for this outcome (with the
     current edition only: an earlier one may have other outcomes) and its contacts, each in a
     block that names the organisation. */
  function regionalBlocks(outcomeId) {
    var local = localEdition();
    if (!local || tree !== current || !has(local.uitkomsten, outcomeId)) return [];
    var box = el("div", { "class": "lokaal-regio" }, el("h3", { text: "Afspraken en contact in uw regio" }));
    local.uitkomsten[outcomeId].forEach(function (a) {
      var block = el("div", { "class": "lokaal" }, el("h4", { "class": "lokaal-kop", text: local.kop }),
        el("p", { "class": "lokaal-titel" }, el("strong", { text: a.titel })));
      a.tekst.split(/\n[ \t]*\n/).forEach(function (p) { if (p.trim()) block.appendChild(el("p", { text: p })); });
      box.appendChild(block);
    });
    box.appendChild(el("div", { "class": "lokaal lokaal-contact" },
      el("h4", { "class": "lokaal-kop", text: "Contact in uw regio \u2014 " + local.organisatie }),
      list("ul", local.contact, contactItem)));
    return [box];
  }

  function outcomeView(result, steps) {
    var o = result.outcome;
    var answers = answerIds(steps);
    var notices = reminders(steps);
    var part = outcomePart(o, steps);
    var parts = [
      el("p", { "class": "beslishulp-voortgang", text: "Uitkomst " + o.letter }),
      el("h2", { id: "beslishulp-kop", tabindex: "-1", "data-outcome": result.id, text: o.titel }),
      el("div", { "class": "admonition warning" },
        el("p", { "class": "admonition-title", text: "Een hulpmiddel, geen besluit" }),
        el("p", { text: tree.disclaimer })),
      el("h3", { text: "Wat kunt u doen?" })
    ].concat(adviceLists(part.advies, steps), [
      notices.length ? el("h3", { text: "Let op" }) : null,
      notices.length ? reminderList(notices) : null,
      el("h3", { text: "Waarom?" }),
      el("p", { text: part.waarom }),
      el("h3", { text: "Wat de vuistregels zeggen" })
    ], quotes(citedPoints(part, notices)), routeChart(steps, result.id, "uw-antwoorden"),
      regionalBlocks(result.id));
    parts.push(el("p", { "class": "beslishulp-navigatie" },
      link("Maak een afwegingsverslag", fragment(answers, "&verslag"), { "class": "md-button md-button--primary" }),
      backLink(steps), restartLink(), ownPageLink("Deze uitkomst als losse pagina", result.id)));
    parts.push(summary(steps));
    return parts;
  }

  /* The afwegingsverslag's own fields: {key, label, kind, options}. kind "line" is one line,
     "text" several, "select" a choice (options; the first, empty one means not chosen). Before the
     outcome come the facts of the request, after it the user's decision. */
  function field(key, label, kind, options) { return { key: key, label: label, kind: kind || "line", options: options }; }

  var REQUEST_FIELDS = [
    field("dossier", "Dossier- of registratienummer"),
    field("auteur", "Opgesteld door (naam en functie)"),
    field("registratie", "Registratie van de opsteller", "select", ["", "BIG", "SKJ", "geen", "anders"]),
    field("registratienummer", "Registratienummer of toelichting"),
    field("wie", "Wie vraagt (organisatie en functie)"),
    field("moment", "Datum en tijd van de vraag"),
    field("doel", "Het gestelde doel", "text")
  ];
  var DECISION_FIELDS = [
    field("gedeeld", "Wat is gedeeld of achtergehouden", "text"),
    field("vorm", "Vorm van het delen", "select", ["", "mondeling", "schriftelijk", "mondeling en schriftelijk",
      "niets gedeeld"]),
    field("ontvanger", "Aan wie (ontvanger: organisatie en functie)"),
    field("besluit", "Het besluit", "text"),
    field("gezin-overleg", "Het gezin over het overleg ge\u00efnformeerd (vuistregel 7, punt 4): wanneer en door wie, " +
      "of waarom niet", "text"),
    field("gezin-delen", "Het gezin over het delen ge\u00efnformeerd (vuistregel 7, punt 3): wanneer en door wie, " +
      "of waarom niet", "text"),
    field("vervolg", "Vervolgafspraken", "text"),
    field("overleg", "Overleg of consultatie: met wie, en de uitkomst", "text")
  ];

  function fieldText(key) { return fields[key] || "(niet ingevuld)"; }

  /* The verslag keeps the decisive advice of this perspective: the steps for every case that
     retell a rule (they have bronnen). The handbook's own advice stays on the outcome step: in a
     file it would read as if it were a rule. The steps that apply only sometimes ("als") come
     only when the user ticked them (recordTicked): unticked, they would read as if they applied,
     and two pages leave no room for them. A plain text step (an edition from before provenance)
     is kept. */
  function recordAdvice(part) {
    return part.advies.filter(function (step) {
      return typeof step === "string" || (!step.eigen_advies && !isConditional(step));
    });
  }

  /* The steps that apply only sometimes which the user ticked on the outcome step and which
     retell a rule: the verslag carries them under RECORD_TICKED, as the user's own finding.
     Own advice stays out, as with the steps for every case. */
  var RECORD_TICKED = "Geldt volgens u ook:";

  function recordTicked(part, route) {
    return part.advies.filter(function (step) {
      return isConditional(step) && !step.eigen_advies && (step.bronnen || []).length > 0 && isTicked(route, step.als);
    });
  }

  function tickedItem(step) {
    return el("span", {}, el("strong", { text: step.als }), document.createTextNode(" "), adviceItem(step));
  }

  /* A rule text in short for the appendix: its first sentence (an Inleiding paragraph: its
     opening words), at most QUOTE_LENGTH characters, cut between words; the link has the rest. */
  var QUOTE_LENGTH = 100;

  function shortQuote(b) {
    var limit = /^inleiding/.test(b.ref || "") ? 110 : QUOTE_LENGTH;
    var sentence = (b.tekst.match(/^[\s\S]*?[.!?](?=\s|$)/) || [b.tekst])[0];
    if (sentence.length <= limit) return sentence + (sentence.length < b.tekst.length ? " \u2026" : "");
    var cut = sentence.slice(0, limit);
    return cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)) + " \u2026";
  }

  function absolute(url) { return new URL("../" + url, location.href).href; }

  /* The edition and the answers, "3.0:veilig-thuis/…": on paper the code alone finds the route. */
  function answerCode(steps) { return tree.versie + ":" + answerIds(steps).join("/"); }

  /* The path walked, by the numbers and letters used on paper: "Vraag 1 → Vraag 4 → Uitkomst C". */
  function routeNames(result, steps) {
    return steps.map(function (s) { return "Vraag " + s.question.nummer; })
      .concat("Uitkomst " + result.outcome.letter).join(" \u2192 ");
  }

  function recordText(result, steps, stamp) {
    var o = result.outcome;
    var lines = ["AFWEGINGSVERSLAG", tree.titel, "",
      "Datum en tijd: " + stamp,
      "Beslisboom: versie " + tree.versie + ", inhoudshash " + tree.inhoudshash,
      localEdition() ? "Lokale uitgave: " + localEditionText(localEdition()) : null,
      "Antwoordcode (om de route terug te vinden): " + answerCode(steps),
      "", "== Over de vraag =="];
    REQUEST_FIELDS.forEach(function (f) { lines.push(f.label + ": " + fieldText(f.key)); });
    lines.push("", "== Vragen en antwoorden ==");
    steps.forEach(function (s, i) {
      lines.push((i + 1) + ". " + s.question.vraag, "   Antwoord: " + s.answer.tekst);
      if (notes[s.id]) lines.push("   Notitie: " + notes[s.id]);
    });
    lines.push("Route in de beslisboom: " + routeNames(result, steps));
    var notices = reminders(steps);
    if (notices.length) {
      lines.push("", "== Let op bij uw antwoorden ==");
      notices.forEach(function (r) {
        lines.push("- " + r.tekst + " (" + r.bronnen.map(function (b) { return b.label; }).join(", ") + ")");
        if (r.verslagvraag) lines.push("  " + r.verslagvraag, "  Antwoord: " + fieldText("vraag:" + r.verslagvraag));
      });
    }
    lines.push("", "== Uitkomst " + o.letter + ": " + o.titel + " ==");
    var part = outcomePart(o, steps);
    recordAdvice(part).forEach(function (step, i) { lines.push((i + 1) + ". " + adviceText(step)); });
    var ticks = recordTicked(part, steps);
    if (ticks.length) lines.push(RECORD_TICKED);
    ticks.forEach(function (step) { lines.push("- " + step.als + " " + adviceText(step)); });
    lines.push("", "== Uw besluit ==");
    DECISION_FIELDS.forEach(function (f) { lines.push(f.label + ": " + fieldText(f.key)); });
    lines.push("", "== Uit de vuistregels (bijlage) ==");
    recordPoints(outcomePart(o, steps), steps).forEach(function (b) {
      lines.push(b.label + ": \"" + shortQuote(b) + "\" (" + absolute(b.url) + ")");
    });
    lines.push("", tree.disclaimer);
    return lines.filter(function (line) { return line !== null; }).join("\n");
  }

  function recordControl(spec, id) {
    if (spec.kind === "select") {
      var select = el("select", { id: id });
      spec.options.forEach(function (option) {
        select.appendChild(el("option", { value: option, text: option || "(kies)" }));
      });
      return select;
    }
    if (spec.kind === "text") return el("textarea", { id: id, rows: "3" });
    return el("input", { id: id, type: "text", autocomplete: "off" });
  }

  /* A labelled field; on paper its label and text are printed instead (the mirror). */
  function recordField(spec, id, className) {
    var key = spec.key;
    var control = recordControl(spec, id);
    control.value = fields[key] || "";
    var value = el("span", { text: fieldText(key) });
    function update() { fields[key] = control.value; value.textContent = fieldText(key); }
    control.addEventListener("input", update);
    control.addEventListener("change", update);
    var classes = "verslag-veld verslag-veld--" + spec.kind + (className ? " " + className : "");
    return el("div", { "class": classes },
      el("label", { "for": id, text: spec.label }), control,
      el("p", { "class": "verslag-veld-print" }, el("strong", { text: spec.label + ": " }), value));
  }

  function recordFields(specs) {
    var box = el("div", { "class": "verslag-velden" });
    specs.forEach(function (f) { box.appendChild(recordField(f, "verslag-" + f.key)); });
    return box;
  }

  function recordReminders(steps) {
    var items = reminders(steps);
    if (!items.length) return [];
    var asked = 0;
    var ul = reminderList(items);
    ul.className = "verslag-let-op";
    items.forEach(function (r, i) {
      if (!r.verslagvraag) return;
      asked += 1;
      ul.children[i].appendChild(recordField(field("vraag:" + r.verslagvraag, r.verslagvraag, "text"),
        "verslag-let-op-" + asked, "verslag-veld--let-op"));
    });
    return [el("h3", { text: "Let op bij uw antwoorden" }), ul];
  }

  function recordOutcome(result, steps) {
    var o = result.outcome;
    var part = outcomePart(o, steps);
    var ticks = recordTicked(part, steps);
    return el("section", { "class": "verslag-uitkomst", "aria-labelledby": "verslag-uitkomst" },
      el("h3", { id: "verslag-uitkomst", text: "Uitkomst " + o.letter + ": " + o.titel }),
      list("ol", recordAdvice(part), adviceItem),
      ticks.length ? el("p", { "class": "verslag-ook", text: RECORD_TICKED }) : null,
      ticks.length ? list("ul", ticks, tickedItem) : null);
  }

  /* The points the verslag's advice cites (recordAdvice), each once, in the part's order: the
     steps it leaves out (own advice, "als") are not quoted either. An edition from before
     provenance has no points per step: then the part's points. */
  function recordPoints(part, route) {
    var steps = recordAdvice(part).concat(recordTicked(part, route)), wanted = dict();
    if (steps.some(function (step) { return typeof step === "string"; })) return citedPoints(part, []);
    steps.forEach(function (step) { step.bronnen.forEach(function (b) { wanted[b.ref] = true; }); });
    return (part.bronnen || []).filter(function (b) { return wanted[b.ref]; });
  }

  function recordAppendix(o, steps) {
    var items = list("ol", recordPoints(outcomePart(o, steps), steps), function (b) {
      return el("span", {}, link(b.label, "../" + b.url), document.createTextNode(": \u201c" + shortQuote(b) + "\u201d"));
    });
    items.className = "verslag-bijlage";
    return [el("h3", { text: "Uit de vuistregels (bijlage)" }), items];
  }

  function recordView(result, steps) {
    var o = result.outcome;
    var stamp = new Date().toLocaleString("nl-NL", { dateStyle: "long", timeStyle: "short" });
    var rows = el("ol", { "class": "verslag-stappen" });
    steps.forEach(function (s, i) {
      var noteId = "notitie-" + s.id;
      var mirror = el("p", { "class": "verslag-notitie-print", text: notes[s.id] || "" });
      var area = el("textarea", { id: noteId, rows: "2" });
      area.value = notes[s.id] || "";
      area.addEventListener("input", function () { notes[s.id] = area.value; mirror.textContent = area.value; });
      rows.appendChild(el("li", {},
        el("p", { "class": "verslag-vraag", text: s.question.vraag }),
        el("p", { "class": "verslag-antwoord" }, el("strong", { text: "Antwoord: " }), document.createTextNode(s.answer.tekst)),
        el("label", { "for": noteId, text: "Notitie bij vraag " + (i + 1) + " (optioneel)" }),
        area, mirror));
    });
    var copy = el("button", { type: "button", "class": "md-button", text: "Kopieer als tekst" });
    var copyResult = el("span", { "class": "verslag-kopie-melding" });
    copy.addEventListener("click", function () { copyText(recordText(result, steps, stamp), copy, copyResult); });
    var print = el("button", { type: "button", "class": "md-button", text: "Afdrukken" });
    print.addEventListener("click", function () { window.print(); });
    return [
      el("h2", { id: "beslishulp-kop", tabindex: "-1", "data-outcome": result.id, text: "Afwegingsverslag" }),
      el("p", { "class": "verslag-titel", text: tree.titel }),
      el("p", { "class": "verslag-privacy", text: "Wat u hier typt, wordt niet verstuurd. Gaat u naar een " +
        "andere pagina, dan bewaart uw browser de tekst alleen in dit tabblad: met Terug staat hij er weer. " +
        "Met Opnieuw beginnen is de tekst weg. Druk het verslag af of kopieer het." }),
      el("dl", { "class": "verslag-gegevens" },
        el("dt", { text: "Datum en tijd" }), el("dd", { text: stamp }),
        el("dt", { text: "Beslisboom" }), el("dd", { text: "versie " + tree.versie + ", inhoudshash " + tree.inhoudshash }),
        localEdition() ? el("dt", { text: "Lokale uitgave" }) : null,
        localEdition() ? el("dd", { "class": "verslag-lokaal", text: localEditionText(localEdition()) }) : null,
        el("dt", { text: "Antwoordcode" }), el("dd", { "class": "verslag-code", text: answerCode(steps) })),
      el("h3", { text: "Over de vraag" }), recordFields(REQUEST_FIELDS),
      el("h3", { id: "verslag-vragen", text: "Vragen en antwoorden" }), rows,
      el("p", { "class": "verslag-route" }, el("strong", { text: "Route in de beslisboom: " }),
        document.createTextNode(routeNames(result, steps)))
    ].concat(recordReminders(steps), [
      recordOutcome(result, steps),
      el("h3", { text: "Uw besluit" }), recordFields(DECISION_FIELDS)
    ], recordAppendix(o, steps), [
      el("p", { "class": "verslag-disclaimer", text: tree.disclaimer }),
      el("p", { "class": "beslishulp-navigatie" }, print, copy,
        link("Terug naar de uitkomst", fragment(answerIds(steps)), { "class": "md-button" }),
        restartLink(), copyResult)
    ]);
  }

  /* Says only what happened: "gekopieerd" when the copy succeeded, in words on the screen
     and in the live region; the focus stays on the button. */
  function copyText(text, button, message) {
    function report(copied) {
      var words = copied ? "Het verslag is gekopieerd. U kunt het nu plakken." :
        "Kopi\u00ebren is niet gelukt. Druk het verslag af, of selecteer de tekst en kopieer die zelf.";
      message.textContent = words;
      announce(words);
      button.focus({ preventScroll: true });
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { report(true); },
        function () { report(copyFallback(text)); });
    } else {
      report(copyFallback(text));
    }
  }

  /* For intranets on plain http, where the clipboard API is absent. True when it copied. */
  function copyFallback(text) {
    var area = el("textarea", { "class": "visueel-verborgen", "aria-hidden": "true", tabindex: "-1",
      style: "position: fixed; top: 0" });
    area.value = text;
    document.body.appendChild(area);
    area.focus({ preventScroll: true });
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    area.remove();
    return copied;
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

  // --- keeping the verslag ------------------------------------------------------------
  /* Typed text and ticks are never stored while the page is open. Leaving the page (a link, a reload)
     puts them in history.state of the current history entry: the browser keeps that with the
     tab's history and never sends it. Coming back with Back (or the reload) takes it out again
     at once. A warning asks before leaving while there is typed text. */

  function anyText(map) {
    return Object.keys(map).some(function (key) { return String(map[key]).trim() !== ""; });
  }

  function hasTypedText() { return anyText(notes) || anyText(fields); }

  function forgetTyped() {
    notes = dict();
    fields = dict();
    ticked = dict();
    if (history.state && history.state.verslag) history.replaceState(null, "");
  }

  function restoreTyped() {
    var kept = history.state && history.state.verslag;
    if (!kept) return;
    notes = owned(kept.notes);
    fields = owned(kept.fields);
    ticked = owned(kept.ticked);
    history.replaceState(null, "");
  }

  function keepTypedOnLeaving() {
    window.addEventListener("beforeunload", function (event) {
      if (!hasTypedText()) return;
      event.preventDefault();
      event.returnValue = "";  // older browsers show their warning only with a returnValue
    });
    window.addEventListener("pagehide", function () {
      if (hasTypedText() || Object.keys(ticked).length) {
        history.replaceState({ verslag: { notes: owned(notes), fields: owned(fields), ticked: owned(ticked) } }, "");
      }
    });
    window.addEventListener("pageshow", function (event) {
      // back from the browser's page cache: memory is intact, so the kept copy goes
      if (event.persisted && history.state && history.state.verslag) history.replaceState(null, "");
    });
  }

  // --- rendering -----------------------------------------------------------------

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  /* Shows a step: the view replaces the stage, the live region says `spoken` and the focus
     goes to the step's heading (when `spoken` is given). */
  function showStep(view, spoken) {
    stage.replaceChildren.apply(stage, view.filter(Boolean));
    Array.prototype.forEach.call(stage.querySelectorAll("[data-opnieuw]"), function (a) {
      a.addEventListener("click", function (event) { event.preventDefault(); forgetTyped(); go(freshStart()); });
    });
    if (spoken) {
      announce(spoken);
      stage.querySelector("#beslishulp-kop").focus();
    }
  }

  function render(moveFocus) {
    var state = readState();
    var hash = location.hash;
    var found = editionFor(state);
    if (typeof found.then !== "function") return draw(state, found, moveFocus);
    stage.replaceChildren(el("p", { "class": "beslishulp-laden", role: "status",
      text: "Even geduld: de beslisboom van deze link wordt geladen." }));
    found.then(function (edition) {
      if (location.hash === hash) draw(state, edition, moveFocus);  // else a newer render follows
    });
  }

  function draw(state, found, moveFocus) {
    useTree(found.tree || current);
    var result = found.error ? { error: found.error } : walk(state.answers);
    if (found.fitsNone && result.error) {
      result.error += " De antwoorden passen ook niet bij een eerdere uitgave van de beslisboom.";
    }
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
        keptTail = dict();
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
      spoken = "Stap " + (result.steps.length + 1) + ": " + result.question.vraag;
      var earlier = result.question.antwoorden.filter(function (a) { return a.id === previousAnswer(result.steps); })[0];
      if (earlier) spoken += " Uw vorige antwoord: " + earlier.tekst;
    }
    if (tree !== current && !result.error && !state.unknown) {
      if (state.record || result.outcome) view.unshift(editionNotice());  // the question views have it already
      spoken = "Eerdere uitgave, versie " + tree.versie + ". " + spoken;
    }
    lastAnswers = result.error ? [] : answerIds(result.steps);
    showStep(view, moveFocus ? spoken : null);
    root.classList.toggle("beslishulp--verslag", !!state.record && !!result.outcome);
    root.setAttribute("data-uitgave", tree.versie);
    root.setAttribute("data-state", location.hash);  // lets tests wait for a finished render
  }

  function start() {
    live = el("p", { "class": "visueel-verborgen", "aria-live": "polite", "aria-atomic": "true" });
    stage = el("div", { "class": "beslishulp-stap" });
    fetchTree(root.getAttribute("data-bron"))
      .then(function (data) {
        current = tree = data;
        root.replaceChildren(live, stage);
        restoreTyped();
        keepTypedOnLeaving();
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
