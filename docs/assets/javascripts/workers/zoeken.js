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

// Registered before Material's listener, so Material reads the changed query.
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && typeof message.data === "string") {
    message.data = withoutStopWords(message.data);
  }
});

importScripts(decodeURIComponent(self.location.hash.slice(1)));
