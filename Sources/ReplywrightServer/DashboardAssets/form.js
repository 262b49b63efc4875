// Field events for the hosted form: focus, blur, input, delete and paste, with the time each
// happened, batched to the server (never a field's value). The form works without this script.
(function () {
  "use strict";
  var card = document.querySelector("main.form-card");
  if (!card || !card.dataset.session || !card.querySelector("form")) return;
  var queue = [];
  var url = card.dataset.events;
  function fieldOf(target) {
    var holder = target && target.closest ? target.closest("[data-field]") : null;
    return holder ? holder.getAttribute("data-field") : null;
  }
  function push(type, field) {
    if (!field && type !== "error") return;
    queue.push({ type: type, field: field, step: card.dataset.step, t: Date.now() });
    if (queue.length >= 50) flush(false);
  }
  function body() {
    var events = queue.splice(0, 100);
    return JSON.stringify({ sessionId: card.dataset.session, token: card.dataset.token, events: events });
  }
  function flush(leaving) {
    if (!queue.length) return;
    var payload = body();
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(url, new Blob([payload], { type: "application/json" }));
      return;
    }
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: payload, keepalive: true, credentials: "same-origin" })
      .catch(function () {});
  }
  var form = card.querySelector("form");
  form.addEventListener("focusin", function (e) { push("focus", fieldOf(e.target)); });
  form.addEventListener("focusout", function (e) { push("blur", fieldOf(e.target)); });
  form.addEventListener("paste", function (e) { push("paste", fieldOf(e.target)); });
  form.addEventListener("input", function (e) {
    var kind = e.inputType && e.inputType.indexOf("delete") === 0 ? "delete" : "input";
    push(kind, fieldOf(e.target));
  });
  form.addEventListener("change", function (e) {
    if (e.target.type === "checkbox" || e.target.tagName === "SELECT") push("input", fieldOf(e.target));
  });
  form.addEventListener("submit", function () { flush(true); });
  window.addEventListener("error", function () { push("error", null); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(true); });
  setInterval(function () { flush(false); }, 5000);
})();
