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
})();
