/* The case list's bulk form: "check all" on the page, the count of checked cases on the
 * button (disabled at none), and the dispatch unit shown only for a dispatch. The form
 * works without this script; the boxes belong to it through their `form` attribute.
 */
(function () {
  "use strict";

  function setUp() {
    var form = document.getElementById("bulk-form");
    if (!form) { return; }
    var all = document.querySelector("[data-bulk-all]");
    var count = form.querySelector("[data-bulk-count]");
    var submit = form.querySelector("[data-bulk-submit]");
    var action = form.querySelector("select[name=action]");
    var dispatchField = form.querySelector("[data-bulk-dispatch]");

    function boxes() { return Array.prototype.slice.call(document.querySelectorAll("[data-bulk-case]")); }

    function refresh() {
      var checked = boxes().filter(function (box) { return box.checked; }).length;
      count.textContent = String(checked);
      submit.disabled = checked === 0;
      if (all) {
        all.checked = checked > 0 && checked === boxes().length;
        all.indeterminate = checked > 0 && checked < boxes().length;
      }
      if (dispatchField && action) { dispatchField.hidden = action.value !== "dispatch"; }
    }

    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
        refresh();
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("[data-bulk-case]") || event.target === action) { refresh(); }
    });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", setUp);
})();
