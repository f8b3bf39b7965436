// The search worker of this handbook: Material's own worker (its file name comes after the
// "#" in this script's address, see overrides/main.html), with one change to each query.
//
// Material puts a wildcard after every word of a query, so a Dutch stop word matches the
// beginning of other words: "van" in "officier van justitie" matched "vanuit" in the title
// of a rule point, and titles weigh 1,000 times text. Before Material sees a query, this
// drops the words that lunr's Dutch stop word filter drops from the index anyway ("van",
// "de", "u", "mag" is kept). A query of only stop words stays as it is. Nothing is sent
// anywhere: the worker runs in the browser, like Material's.
"use strict";

var QUERY = 2;  // Material's message type for a query (SETUP 0, READY 1, QUERY 2, RESULT 3)

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

// Material's wildcard finds every word that begins with what was typed, so "verstrekken" did
// not find "verstrekt", nor "weigering" "weigeren". A word of at least MIN_WORD letters loses
// one Dutch ending (longest first) and what spelling adds before it: a doubled consonant
// ("verstrekk" -> "verstrek") or the consonant after a vowel that the ending lengthened
// ("informer" -> "informe", which also begins "informeert"). The shortened word begins the
// word typed, so everything the typed word found is still found.
var ENDINGS = ["ingen", "ing", "en", "e", "s", "t", "d"];
var MIN_WORD = 6;
var MIN_STEM = 4;
var VOWEL = /[aeiouy]/;

function withoutEnding(word) {
  var lower = word.toLowerCase();
  if (lower.length < MIN_WORD || !/^\p{L}+$/u.test(lower)) return word;
  var ending = ENDINGS.find(function (e) {
    return lower.endsWith(e) && lower.length - e.length >= MIN_STEM;
  });
  if (!ending) return word;
  var stem = lower.slice(0, lower.length - ending.length);
  var n = stem.length;
  var last = stem[n - 1], vowel = stem[n - 2], before = stem[n - 3];
  if (n > MIN_STEM && last === vowel && !VOWEL.test(last)) {
    stem = stem.slice(0, -1);                      // verstrekk -> verstrek
  } else if (n > MIN_STEM && !VOWEL.test(last) && VOWEL.test(vowel) && before && !VOWEL.test(before)) {
    stem = stem.slice(0, -1);                      // informer -> informe
  }
  return stem;
}

// A wildcard term is scored once for every word it finds, each with its own rarity: "gegevens*"
// ranked the rare "gegevensverstrekking" above the word "gegevens" itself. Each plain word is
// therefore also searched as typed, EXACT times as strong (a boost keeps Material from adding
// its wildcard).
var EXACT = 4;

function shortened(query) {
  return query.split(/\s+/).filter(function (word) { return word; }).map(function (word) {
    if (!/^\p{L}+$/u.test(word)) return word;
    return word.toLowerCase() + "^" + EXACT + " " + withoutEnding(word);
  }).join(" ");
}

// Registered before Material's listener, so Material reads the changed query.
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = shortened(withoutStopWords(message.data));
  }
});

importScripts(decodeURIComponent(self.location.hash.slice(1)));
