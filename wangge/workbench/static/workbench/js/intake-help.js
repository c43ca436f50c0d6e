/* The intake's helpers, on the staff intake page and on the phone's report page.
 * - A category search: typing asks the server (htmx) for matching categories; picking
 *   one sets the form's category select, which then loads its extra questions.
 * - As soon as a point is set (map, position or typed), the cell, its community and grid
 *   chief and a suggested address are shown; with a category, open reports of the same
 *   problem nearby too, linked, before anything is sent.
 * Without scripts the form works as it is: a select of every category, no hints.
 */
(function () {
  "use strict";

  function query(form, extra) {
    var params = new URLSearchParams();
    params.set("lon", form.querySelector("[name=lon]").value);
    params.set("lat", form.querySelector("[name=lat]").value);
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }

  function hasPoint(form) {
    var lon = parseFloat(form.querySelector("[name=lon]").value);
    var lat = parseFloat(form.querySelector("[name=lat]").value);
    return isFinite(lon) && isFinite(lat);
  }

  function load(url, target) {
    if (window.htmx && target) {
      window.htmx.ajax("GET", url, { target: target, swap: "innerHTML" });
    }
  }

  function refresh(form) {
    if (!hasPoint(form)) {
      return;
    }
    load(form.dataset.placeUrl + "?" + query(form), document.getElementById("place-context"));
    var category = form.querySelector("[name=category]");
    var nearby = document.getElementById("nearby-cases");
    if (category && category.value && nearby) {
      load(form.dataset.nearbyUrl + "?" + query(form, { category: category.value }), nearby);
    } else if (nearby) {
      nearby.textContent = "";
    }
  }

  function setUp(form) {
    var search = form.querySelector("[data-category-search]");
    var select = form.querySelector("[name=category]");
    if (search && select) {
      search.hidden = false;
      search.addEventListener("click", function (event) {
        var hit = event.target.closest(".category-hit");
        if (!hit) {
          return;
        }
        select.value = hit.dataset.code;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        document.getElementById("category-hits").textContent = "";
        search.querySelector("input").value = "";
        select.focus();
      });
    }
    form.addEventListener("intake:point", function () { refresh(form); });
    ["lon", "lat", "category"].forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) {
        input.addEventListener("change", function () { refresh(form); });
      }
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-use-address]");
      if (button) {
        var address = form.querySelector("[name=address]");
        address.value = button.dataset.useAddress;
        address.focus();
      }
    });
    refresh(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-intake-help]").forEach(setUp);
  });
})();
