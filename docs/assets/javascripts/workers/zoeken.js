// The search worker of this handbook: Material's own worker (its file name comes after the
// "#" in this script's address, see overrides/main.html), with these changes to each query.
//
// Material puts a wildcard after every word of a query, so a Dutch stop word matches the
// beginning of other words: "van" in "officier van justitie" matched "vanuit" in the title
// of a rule point, and titles weigh 1,000 times text. Before Material sees a query, this
// drops the words that lunr's Dutch stop word filter drops from the index anyway ("van",
// "de", "u", "mag" is kept). A query of only stop words stays as it is. Nothing is sent
// anywhere: the worker runs in the browser, like Material's. Each matched rule point also
// becomes a result item of its own (`splitPoints`, below).
"use strict";

var SETUP = 0;  // Material's message types (SETUP 0, READY 1, QUERY 2, RESULT 3)
var QUERY = 2;

function withoutStopWords(query) {
  var nl = self.lunr && self.lunr.nl;
  if (!nl || !nl.stopWordFilter) return query;
  var words = query.split(/\s+/).filter(function (word) { return word; });
  var kept = words.filter(function (word) {
    // only plain words: "+woord", "-woord", "woord*" and quoted phrases keep Material's syntax
    return !/^\p{L}+$/u.test(word) || nl.stopWordFilter(word.toLowerCase()) !== undefined;
  });
  return kept.length ? kept.join(" ") : query;
}

// Other word forms. Material's wildcard finds every word that begins with what was typed, so
// "ongevraagde" did not find "ongevraagd", nor "meldt" "melden". A word that begins no word of
// the rules, the Inleiding or the tree (practice cases and Begrippen do not count: there
// "dreigt" kept "dreigen" of rule 7 point 1 from being found) loses
// one Dutch ending (longest first) and what spelling adds before it: a doubled consonant
// ("verstrekk" -> "verstrek") or the consonant after a single vowel ("informer" -> "informe",
// which also begins "informeert"), if what is left begins such a word. A word that is found
// as typed stays as typed, so queries that found something rank exactly as before (and a
// practice case gains nothing over the rules, tests/test_search_ranking_browser.py). A word
// that no ending helps may be a compound of two known words (`parts`).
var ENDINGS = ["ingen", "ing", "en", "e", "s", "t", "d"];
var MIN_WORD = 5;
var MIN_STEM = 4;
var VOWEL = /[aeiouy]/;
var NOT_KNOWN = ["oefencasussen/", "begrippen/"];
var known = [];  // the words of every entry but the practice cases and the Begrippen, sorted
var anywhere = [];  // the words of every entry, sorted

function vocabulary(index, skip) {
  var separator = new RegExp(index.config.separator);
  var words = new Set();
  index.docs.forEach(function (doc) {
    if (skip.some(function (page) { return doc.location.indexOf(page) === 0; })) return;
    (doc.title + " " + doc.text).replace(/<[^>]+>/g, " ").toLowerCase().split(separator)
      .forEach(function (word) { if (word) words.add(word); });
  });
  return Array.from(words).sort();
}

function begins(prefix, words) {
  words = words || known;
  var low = 0, high = words.length;  // the first word >= prefix
  while (low < high) {
    var mid = (low + high) >> 1;
    if (words[mid] < prefix) low = mid + 1; else high = mid;
  }
  return low < words.length && words[low].indexOf(prefix) === 0;
}

function stem(word) {
  var ending = ENDINGS.find(function (e) {
    return word.endsWith(e) && word.length - e.length >= MIN_STEM;
  });
  if (!ending) return word;
  var out = word.slice(0, word.length - ending.length);
  var n = out.length, last = out[n - 1], vowel = out[n - 2], before = out[n - 3];
  if (n > MIN_STEM && last === vowel && !VOWEL.test(last)) return out.slice(0, -1);
  if (n > MIN_STEM && !VOWEL.test(last) && VOWEL.test(vowel) && before && !VOWEL.test(before)) {
    return out.slice(0, -1);
  }
  return out;
}

function isKnown(word) {
  var low = 0, high = known.length;
  while (low < high) {
    var mid = (low + high) >> 1;
    if (known[mid] < word) low = mid + 1; else high = mid;
  }
  return known[low] === word;
}

// A compound the rules do not use, of two words they do: "artsengeheim" -> "artsen geheim".
// The longest first part that is a word of its own (with or without a linking "s"), and a
// rest that begins a word.
function parts(word) {
  for (var i = word.length - MIN_STEM; i >= MIN_STEM; i--) {
    var head = word.slice(0, i), tail = word.slice(i);
    // a linking "s" goes: "reclasseringsadvies" -> "reclassering advies", not "reclasserings*"
    var linked = head.endsWith("s") && !isKnown(head) && isKnown(head.slice(0, -1));
    if ((isKnown(head) || linked) && begins(tail)) return (linked ? head.slice(0, -1) : head) + " " + tail;
  }
  return knownHead(word);
}

// A word that no split explains and that no entry at all holds (a typing error, or a known
// word with a suffix or second part: "vertrouwelijkheid", "geheimhoudingsplciht") is searched
// as its longest known first part, if that is at least half of it and MIN_HEAD letters long.
// A word that the Begrippen or a practice case holds ("reclasseringswerker") stays as typed.
var MIN_HEAD = 6;

function knownHead(word) {
  if (begins(word, anywhere)) return word;
  for (var i = word.length - 1; i >= Math.max(MIN_HEAD, Math.ceil(word.length / 2)); i--) {
    if (isKnown(word.slice(0, i))) return word.slice(0, i);
  }
  return word;
}

// A past participle: "uitgenodigd" -> "uitnodigd", "gevraagd" -> "vraagd" (then `stem`).
var PARTICIPLE = /^(uit|aan|op|in|af|mee|door|over|toe|terug|samen|vast|na|voor|)ge(?=\p{L}{4})/u;

function withoutParticiple(word) {
  return word.replace(PARTICIPLE, "$1");
}

function otherForm(word) {
  var lower = word.toLowerCase();
  if (!known.length || lower.length < MIN_WORD || !/^\p{L}+$/u.test(lower) || begins(lower)) return word;
  var shorter = stem(lower);
  if (shorter !== lower && begins(shorter)) return shorter;
  var infinitive = stem(withoutParticiple(lower));
  if (infinitive !== lower && begins(infinitive)) return infinitive;
  var near = nearest(lower);
  if (near) return near;
  var split = parts(lower);
  return split !== lower ? split : word;
}

// A typing error ("veiligheidsanalise", "geheimhoudingsplciht"): a word that no entry at all
// holds (so not a word of the Begrippen or a practice case) is searched as the known word
// one edit away (a letter changed, added or left out, or two neighbours swapped), the first in
// alphabetical order if there are more. Two edits turned real words into others
// ("onveiligheid" -> "veiligheid", which every long point holds) (round 4).
var MAX_EDITS = 1;

function distance(a, b, most) {
  // the edit distance with swaps of neighbours (optimal string alignment), or most + 1 once
  // it is certainly larger than `most`
  if (Math.abs(a.length - b.length) > most) return most + 1;
  var rows = [];
  for (var i = 0; i <= a.length; i++) {
    rows.push([i]);
    var low = i;
    for (var j = 1; j <= b.length; j++) {
      if (i === 0) { rows[0].push(j); low = 0; continue; }
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
      low = Math.min(low, d);
    }
    if (low > most) return most + 1;
  }
  return rows[a.length][b.length];
}

function nearest(word) {
  if (begins(word, anywhere)) return null;
  var most = MAX_EDITS;
  var best = null, bestDistance = most + 1;
  known.forEach(function (candidate) {
    var d = distance(word, candidate, Math.min(most, bestDistance - 1));
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  });
  return best;
}

function withOtherForms(query) {
  return query.split(/\s+/).filter(function (word) { return word; }).map(otherForm).join(" ");
}

// The full form of an abbreviation, typed in a row ("veilig thuis", "officier van justitie"),
// is searched word for word as typed (lunr's `woord~0`: no wildcard). With Material's wildcard
// "veilig" also matched every "veiligheid…" word, so a long point full of them (rule 4 point 2)
// outranked the point that answers "wachtlijst veilig thuis". The full forms come from the
// Begrippen entries in the index, titled "VT (Veilig Thuis)".
var FULL_FORM = /^[^\s(]+ \(([^()]+)\)$/;
var fullForms = [];  // per abbreviation: its full form, lower case

function readFullForms(index) {
  return index.docs.filter(function (doc) { return doc.location.indexOf("begrippen/#") === 0; })
    .map(function (doc) { return FULL_FORM.exec(doc.title); })
    .filter(function (found) { return found; })
    .map(function (found) { return found[1].toLowerCase(); });
}

function exactFullForms(query) {
  var words = query.split(/\s+/).filter(function (word) { return word; });
  var lower = words.map(function (word) { return word.toLowerCase(); });
  // without stop words, as the query is by now (lunr's Dutch filter is loaded by the first query)
  fullForms.map(function (form) { return withoutStopWords(form).split(/\s+/); })
    .filter(function (form) { return form.length > 1; })
    .forEach(function (form) {
      for (var i = 0; i + form.length <= lower.length; i++) {
        if (form.every(function (word, j) { return lower[i + j] === word; })) {
          for (var j = 0; j < form.length; j++) words[i + j] = form[j] + "~0";
        }
      }
    });
  return words.join(" ");
}

// One item per rule point. Material groups the results by page and shows, under the page, only
// its best section: two points of one rule were never both in the list ("sepot": rule 4 point 2
// hid point 4). Each matched point of a rule page becomes an item of its own, with a copy of the
// rule page above it, so it looks as before; the items are then ordered by their best score.
// Scores do not change. Everything else stays grouped as Material groups it (the practice cases
// and the Begrippen are one page each, so one item each).
var RESULT = 3;
var RULE_PAGE = /^vuistregels\/\d+\/$/;

function isPoint(item) {
  return item.location.indexOf("#punt-") > 0;
}

function splitPoints(groups) {
  var out = [];
  groups.forEach(function (group) {
    var article = group.find(function (item) { return item.location.indexOf("#") < 0; });
    if (!article || !RULE_PAGE.test(article.location)) { out.push(group); return; }
    var points = group.filter(isPoint);
    var rest = group.filter(function (item) { return !isPoint(item); });
    points.forEach(function (point) {
      out.push([point, Object.assign({}, article, { score: 0, terms: {} })]);
    });
    if (rest.some(function (item) { return item.score > 0; })) out.push(rest);
  });
  function best(group) { return Math.max.apply(null, group.map(function (item) { return item.score; })); }
  // a stable sort: equal scores keep Material's order
  return out.map(function (group, i) { return [best(group), i, group]; })
    .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
    .map(function (entry) { return entry[2]; });
}

var post = self.postMessage.bind(self);
self.postMessage = function (message) {
  if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
    message.data.items = splitPoints(message.data.items);
  }
  post.apply(self, arguments);
};

// Registered before Material's listener, so Material reads the changed query.
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === SETUP && message.data && message.data.docs) {
    known = vocabulary(message.data, NOT_KNOWN);
    anywhere = vocabulary(message.data, []);
    fullForms = readFullForms(message.data);
  }
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = withOtherForms(exactFullForms(withoutStopWords(message.data)));
  }
});

importScripts(decodeURIComponent(self.location.hash.slice(1)));
