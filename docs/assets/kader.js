/* The frame around every page (Material's header, drawer, search), made usable with a keyboard
 * and a screen reader. Loaded on every page; the wizard has its own script (wizard.js).
 * Nothing is stored and nothing is sent.
 */
(function () {
  "use strict";

  /* --- no single-key shortcuts (WCAG 2.1.4) -----------------------------------------
     Material acts on unmodified keys (n . p , for the next or previous page, s f / for
     search) on a keydown listener on window. A capturing listener on window runs first and
     stops those keys outside text fields, so a key pressed on a link, a button or a chart
     never leaves the page. Keys with Ctrl, Alt or Meta, and keys such as Tab, Enter, Escape
     and the arrows, pass unchanged. */
  function isTextField(node) {
    if (!node || !node.tagName) return false;
    if (node.isContentEditable || node.tagName === "TEXTAREA" || node.tagName === "SELECT") return true;
    return node.tagName === "INPUT" && !/^(button|checkbox|radio|reset|submit|image|file|range|color)$/.test(node.type);
  }

  function isSingleCharacterKey(event) {
    return event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.altKey && !event.metaKey;
  }

  window.addEventListener("keydown", function (event) {
    if (isSingleCharacterKey(event) && !isTextField(event.target)) event.stopPropagation();
  }, true);

  /* --- the menu and search toggles as buttons (WCAG 2.1.1, 4.1.2) ---------------------
     Material's toggles are <label>s for hidden checkboxes: no name, no state, not in the tab
     order. Each becomes a <button> with a Dutch name and aria-expanded, clicking the same
     checkbox, so Material's own handling (and its CSS for the checkbox) stays as it is. */
  function toggleButton(label, name, controls, withoutState) {
    var input = document.getElementById(label.htmlFor);
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    if (label.id) button.id = label.id;  // a section's <nav> is labelled by it
    button.setAttribute("data-schakelt", label.htmlFor);
    if (name) button.setAttribute("aria-label", name);
    if (controls) button.setAttribute("aria-controls", controls.id);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.replaceWith(button);
    function update() { button.setAttribute("aria-expanded", String(input.checked)); }
    if (!withoutState) {
      update();
      input.addEventListener("change", update);
    }
    button.addEventListener("click", function () { input.click(); });
    return button;
  }

  function withId(node, id) {
    if (node && !node.id) node.id = id;
    return node;
  }

  function setUpMenu() {
    var label = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    var drawer = document.getElementById("__drawer");
    if (!label || !drawer) return;
    var button = toggleButton(label, "Menu", withId(document.querySelector(".md-sidebar--primary"), "navigatie-lade"));
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      button.focus();
    });
  }

  /* Search: the button opens the panel and puts the focus in the field. Tab moves on through
     the panel (Material would close it and leave the focus on hidden elements); the panel
     closes when the focus leaves it. Results are links in the tab order, with a name. */
  function setUpSearch() {
    var label = document.querySelector('.md-header label.md-header__button[for="__search"]');
    var toggle = document.getElementById("__search");
    var panel = document.querySelector(".md-search");
    var query = document.querySelector(".md-search__input");
    if (!label || !toggle || !panel || !query) return;
    var button = toggleButton(label, "Zoeken", withId(panel, "zoekpaneel"));
    button.addEventListener("click", function () { if (toggle.checked) query.focus(); });
    window.addEventListener("keydown", function (event) {
      if (event.key === "Tab" && toggle.checked) event.stopPropagation();
    }, true);
    panel.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !panel.contains(next)) toggle.click();
    });
    var results = document.querySelector(".md-search__scrollwrap");
    if (results) results.setAttribute("aria-label", "Zoekresultaten");
    var list = document.querySelector(".md-search-result__list");
    if (list) new MutationObserver(function () { nameResults(list); }).observe(list, { childList: true });
  }

  function nameResults(list) {
    Array.prototype.forEach.call(list.querySelectorAll("a.md-search-result__link"), function (link) {
      link.removeAttribute("tabindex");
      var title = link.querySelector("h1, h2");
      if (title && !link.hasAttribute("aria-label")) link.setAttribute("aria-label", title.textContent.trim());
    });
  }

  /* --- the focused element in view (WCAG 2.4.7, 2.4.11) --------------------------------
     Chromium leaves a focused element where it is when part of it shows, even under the
     sticky header or cut off by the bottom edge, and a heading it scrolls to ends under the
     header. Then the page scrolls so that the element lies in the room below the header;
     an element taller than that room shows its top. Only for focus the browser shows
     (keyboard), never under a mouse click. (Not CSS scroll-padding: axe scrolls
     every text into view to check its contrast, and with a page padding Chromium then left
     chart text under the header.) */
  var ROOM = 12;  // px between the header and the focused element

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  function keepInView(event) {
    var node = event.target;
    if (!(node instanceof Element) || node.closest(".md-header, .md-sidebar, .md-search, .md-skip, [aria-hidden=true]")) return;
    if (!node.matches(":focus-visible")) return;  // a click: moving the page would make it miss
    var box = node.getBoundingClientRect();
    var top = headerBottom();
    var tooTall = box.height > window.innerHeight - top - 2 * ROOM;
    if (box.top < top) window.scrollBy({ top: box.top - top - ROOM, behavior: "instant" });
    else if (tooTall && box.top > window.innerHeight - 3 * ROOM) window.scrollBy({ top: box.top - top - ROOM, behavior: "instant" });
    else if (!tooTall && box.bottom > window.innerHeight) window.scrollBy({ top: box.bottom - window.innerHeight + ROOM, behavior: "instant" });
  }

  /* --- the sidebar's toggles (WCAG 4.1.2) -------------------------------------------------
     Material opens a section with a <label> for a hidden checkbox: the arrow next to a
     section's link (no name, no role, no state) and, on small screens, the section's title
     that leads back. They become buttons with a Dutch name; the arrow says whether it is
     open. */

  function sectionTitle(input) {
    var nav = input.parentNode.querySelector(":scope > nav > .md-nav__title");
    return nav ? nav.textContent.trim() : "";
  }

  function setUpSidebar() {
    Array.prototype.forEach.call(document.querySelectorAll('label.md-nav__link[for^="__nav_"]'), function (label) {
      var input = document.getElementById(label.htmlFor);
      if (!input) return;
      var own = label.textContent.trim();
      toggleButton(label, own ? null : "Onderdelen van " + sectionTitle(input));
    });
    Array.prototype.forEach.call(document.querySelectorAll('nav[data-md-level] > label.md-nav__title[for^="__nav_"]'),
      function (label) { toggleButton(label, "Terug uit " + label.textContent.trim(), null, true); });
    // a table of contents without entries (a page without subheadings) is no landmark
    Array.prototype.forEach.call(document.querySelectorAll("nav.md-nav--secondary"), function (nav) {
      if (!nav.querySelector("a")) nav.hidden = true;
    });
  }

  /* --- wider text spacing (WCAG 1.4.12) ---------------------------------------------
     Text in an SVG chart cannot wrap, so with extra letter or word spacing it runs out of its
     boxes. A hidden measuring word changes size when the spacing changes (a bookmarklet or a
     user style sheet, also after loading); then the page gets the class tekstafstand-groot,
     and the style sheet shows each chart's text list in its place. */
  function watchTextSpacing() {
    var meter = document.createElement("span");
    meter.className = "tekstafstand-meter";
    meter.setAttribute("aria-hidden", "true");
    meter.textContent = "tekst afstand";
    document.body.appendChild(meter);
    function check() {
      var style = getComputedStyle(meter);
      var wider = (parseFloat(style.letterSpacing) || 0) > 0 || (parseFloat(style.wordSpacing) || 0) > 0;
      document.documentElement.classList.toggle("tekstafstand-groot", wider);
    }
    check();
    if (window.ResizeObserver) new ResizeObserver(check).observe(meter);
  }

  /* --- wide charts open on their start ---------------------------------------------------
     A chart wider than its box (the overview's charts, on a phone all of them) opens scrolled
     so that its start is in the middle of the box, not on blank space at the left. The start
     is the first node: the SVG lists its nodes from the top (handboek/flowchart.py). Charts
     below the fold are laid out only when they come near the screen (content-visibility), so
     each box is scrolled when it is first laid out, and only once. The wizard's route chart
     has its own (wizard.js). */
  function centreOnStart(box) {
    var start = box.querySelector("svg .node");
    if (!start || box.dataset.geopend || box.scrollWidth <= box.clientWidth + 1) return;
    box.dataset.geopend = "";
    var outer = box.getBoundingClientRect(), inner = start.getBoundingClientRect();
    box.scrollLeft += (inner.left + inner.width / 2) - (outer.left + outer.width / 2);
  }

  function openChartsOnStart() {
    Array.prototype.forEach.call(document.querySelectorAll(".stroomschema"), function (box) {
      if (box.closest("[data-wizard]")) return;
      box.addEventListener("contentvisibilityautostatechange", function (event) {
        if (!event.skipped) centreOnStart(box);
      });
      centreOnStart(box);
    });
  }

  setUpMenu();
  setUpSearch();
  setUpSidebar();
  watchTextSpacing();
  openChartsOnStart();
  document.addEventListener("focusin", keepInView);
})();
