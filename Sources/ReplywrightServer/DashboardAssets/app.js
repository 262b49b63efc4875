// Keyboard shortcuts for the dashboard (everything works without this script).
// Inbox: j / k move the selection, o or Enter opens it. A draft: a approves, s sends, e edits.
(function () {
  "use strict";
  function typing(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.target.isContentEditable;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.inbox tbody tr"));
  var current = -1;
  function select(index) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("selected");
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("selected");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  function press(key) {
    var button = document.querySelector('button[data-key="' + key + '"]');
    if (button) { button.click(); return true; }
    return false;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var key = event.key;
    if (rows.length && (key === "j" || key === "k")) { select(current + (key === "j" ? 1 : -1)); event.preventDefault(); return; }
    if (rows.length && (key === "o" || key === "Enter") && current >= 0) { window.location = rows[current].getAttribute("data-href"); return; }
    if (key === "a" || key === "s") { if (press(key)) event.preventDefault(); return; }
    if (key === "e") {
      var editor = document.querySelector('textarea[name="body"]');
      if (editor) { editor.focus(); event.preventDefault(); }
    }
  });
})();
