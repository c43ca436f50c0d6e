/* The grid worker's phone: installable (service worker), reports that survive a bad network,
 * and the patrol's track.
 *
 * A report is written to IndexedDB as a draft before it is sent, with the form's
 * idempotency key. Sent and answered: the draft goes. No answer (no network, a dropped
 * connection): it stays, and is sent again, with the same key, when the network is back,
 * when a page of the phone opens, or on "Send now"; the server answers a repeat with the
 * case the first request created, so nothing is lost and nothing counts twice. Refused
 * (a field is wrong): the errors are shown and the draft can be discarded.
 * Data comes from data- attributes and json_script elements; nothing runs inline.
 */
(function () {
  "use strict";

  var DB_NAME = "wangge-phone";
  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = window.idb.openDB(DB_NAME, 1, {
        upgrade: function (database) {
          database.createObjectStore("drafts", { keyPath: "key" });
          database.createObjectStore("points", { keyPath: "id", autoIncrement: true });
        }
      });
    }
    return dbPromise;
  }

  function csrfToken() {
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* ---- Service worker and the network light ---- */

  function registerWorker() {
    var body = document.body;
    if ("serviceWorker" in navigator && body.dataset.sw) {
      navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch(function () {});
    }
  }

  function showNetwork() {
    var light = document.getElementById("network-state");
    if (light) {
      light.textContent = navigator.onLine ? "" : light.dataset.offline;
    }
  }

  /* ---- Drafts ---- */

  function draftFrom(form) {
    var fields = [];
    var files = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      if (value instanceof File) {
        if (value.size > 0) {
          files.push({ name: name, file: value, filename: value.name });
        }
      } else {
        fields.push([name, value]);
      }
    });
    var category = form.querySelector("[name=category]");
    var label = category && category.selectedIndex > 0 ? category.options[category.selectedIndex].text : "";
    var description = form.querySelector("[name=description]");
    return {
      key: form.querySelector("[name=idempotency_key]").value,
      url: form.action,
      savedAt: new Date().toISOString(),
      summary: (label + " " + (description ? description.value : "")).trim().slice(0, 60),
      fields: fields,
      files: files,
      refused: null
    };
  }

  function send(draft) {
    var body = new FormData();
    draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    draft.files.forEach(function (item) { body.append(item.name, item.file, item.filename); });
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(draft.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (answer) {
          return db().then(function (d) { return d.delete("drafts", draft.key); }).then(function () {
            return { sent: answer };
          });
        });
      }
      if (response.status === 422) {
        return response.json().then(function (answer) {
          draft.refused = answer.errors;
          return db().then(function (d) { return d.put("drafts", draft); }).then(function () {
            return { refused: answer.errors };
          });
        });
      }
      return { kept: true }; // a server error or a proxy's page: try again later
    }, function () {
      return { kept: true }; // no answer at all
    });
  }

  var sending = false;

  function sendAll() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    return db().then(function (d) { return d.getAll("drafts"); }).then(function (drafts) {
      var waiting = drafts.filter(function (draft) { return !draft.refused; });
      return waiting.reduce(function (chain, draft) {
        return chain.then(function () { return send(draft); });
      }, Promise.resolve());
    }).then(function () {
      sending = false;
      return showDrafts();
    }, function () {
      sending = false;
    });
  }

  function showDrafts() {
    var box = document.getElementById("drafts");
    if (!box) {
      return Promise.resolve();
    }
    return db().then(function (d) { return d.getAll("drafts"); }).then(function (drafts) {
      box.hidden = drafts.length === 0;
      var title = box.querySelector(".drafts__title");
      title.textContent = drafts.length === 1 ? box.dataset.one : box.dataset.many.replace("{n}", drafts.length);
      var list = box.querySelector(".drafts__list");
      list.textContent = "";
      drafts.forEach(function (draft) {
        var item = document.createElement("li");
        item.textContent = draft.summary || draft.key;
        if (draft.refused) {
          var why = document.createElement("span");
          why.className = "drafts__refused";
          why.textContent = " · " + box.dataset.refused + ": " + flatten(draft.refused);
          item.appendChild(why);
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "button button--small button--ghost";
          discard.textContent = box.dataset.discard;
          discard.addEventListener("click", function () {
            db().then(function (d) { return d.delete("drafts", draft.key); }).then(showDrafts);
          });
          item.appendChild(discard);
        }
        list.appendChild(item);
      });
    });
  }

  function flatten(errors) {
    return Object.keys(errors || {}).map(function (name) { return errors[name].join(" "); }).join(" ");
  }

  function showErrors(form, errors) {
    var box = document.getElementById("form-errors");
    if (box) {
      box.textContent = flatten(errors);
      box.hidden = false;
      box.scrollIntoView({ block: "center" });
    }
  }

  function setUpDraftForm(form) {
    var status = document.getElementById("locate-status");
    form.addEventListener("submit", function (event) {
      if (!window.idb || !window.fetch) {
        return; // the plain form post
      }
      event.preventDefault();
      var button = form.querySelector("[type=submit]");
      var draft = draftFrom(form);
      button.disabled = true;
      button.dataset.label = button.dataset.label || button.textContent;
      button.textContent = form.dataset.sending;
      db().then(function (d) { return d.put("drafts", draft); }).then(function () {
        return send(draft);
      }).then(function (result) {
        button.disabled = false;
        button.textContent = button.dataset.label;
        if (result.sent) {
          window.location.assign(result.sent.url);
          return;
        }
        if (result.refused) {
          return db().then(function (d) { return d.delete("drafts", draft.key); }).then(function () {
            showErrors(form, result.refused);
          });
        }
        if (status) {
          status.textContent = form.dataset.kept;
        }
        var messages = document.getElementById("messages");
        messages.textContent = "";
        var note = document.createElement("p");
        note.className = "alert alert--warning";
        note.id = "draft-kept";
        note.textContent = form.dataset.kept;
        messages.appendChild(note);
        return showDrafts();
      });
    });
  }

  /* ---- Position ---- */

  function autoLocate() {
    var button = document.querySelector("[data-auto-locate]");
    var lon = document.querySelector("[name=lon]");
    if (button && lon && !lon.value && "geolocation" in navigator) {
      // cases.js draws the map and listens on the button: one tap for the worker, done here.
      window.setTimeout(function () { button.click(); }, 0);
    }
  }

  /* ---- The patrol: its map and its track ---- */

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawPatrolMap(element) {
    if (!window.L) {
      return null;
    }
    var tiles = readJson("map-tiles") || {};
    var map = L.map(element, { attributionControl: Boolean(tiles.url), zoomSnap: 0.25 });
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var track = L.geoJSON(readJson("patrol-track"), {
      style: function (feature) {
        return feature.properties.role === "cell" ?
          { color: "#1d4f91", weight: 1.5, fillColor: "#5b8fd1", fillOpacity: 0.1, dashArray: "6 4" } :
          { color: "#1d4f91", weight: 4 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: "#c0392b", fillOpacity: 1 })
          .bindTooltip(feature.properties.name || "");
      }
    }).addTo(map);
    var bounds = track.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
    } else {
      map.setView([34.75, 113.65], 12);
    }
    element.classList.add("map--ready");
    return { map: map, line: L.polyline([], { color: "#3a73c2", weight: 4, dashArray: "4 6" }).addTo(map) };
  }

  var BATCH = 5;

  function flushPoints(tracker) {
    return db().then(function (d) { return d.getAll("points"); }).then(function (rows) {
      rows = rows.filter(function (row) { return row.patrol === tracker.dataset.patrol; });
      if (!rows.length || !navigator.onLine) {
        return;
      }
      var body = JSON.stringify({ points: rows.map(function (row) { return row.point; }) });
      return fetch(tracker.dataset.pointsUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (response.ok) {
          return forget(rows).then(function () { return response.json(); }).then(function (answer) {
            var count = document.getElementById("track-count");
            if (count) {
              count.textContent = answer.total;
            }
          });
        }
        if (response.status === 400) {
          // Wrong fixes are named (points[3].lon): they go, the others are sent again.
          return response.json().then(function (answer) {
            var bad = wrongFixes(answer.errors || {}, rows);
            return forget(bad.length ? bad : rows);
          }).then(function () { return flushPoints(tracker); });
        }
      }, function () {});
    });
  }

  function forget(rows) {
    return db().then(function (d) {
      return Promise.all(rows.map(function (row) { return d.delete("points", row.id); }));
    });
  }

  function wrongFixes(errors, rows) {
    var bad = [];
    Object.keys(errors).forEach(function (name) {
      var match = /^points\[(\d+)\]/.exec(name);
      if (match && rows[Number(match[1])] && bad.indexOf(rows[Number(match[1])]) === -1) {
        bad.push(rows[Number(match[1])]);
      }
    });
    return bad;
  }

  function setUpPatrol(tracker) {
    var element = document.querySelector("[data-patrol-map]");
    var drawn = element ? drawPatrolMap(element) : null;
    var status = document.getElementById("track-status");
    var last = null;
    if (!("geolocation" in navigator)) {
      status.textContent = tracker.dataset.noPosition;
      return;
    }
    var pending = 0;
    navigator.geolocation.watchPosition(function (position) {
      var point = {
        lon: position.coords.longitude,
        lat: position.coords.latitude,
        accuracy: position.coords.accuracy,
        // The phone's own clock, as every other time it sends (some report GPS time).
        recorded_at: new Date().toISOString()
      };
      last = point;
      status.textContent = tracker.dataset.tracking;
      if (drawn) {
        drawn.line.addLatLng([point.lat, point.lon]);
      }
      db().then(function (d) { return d.add("points", { patrol: tracker.dataset.patrol, point: point }); }).then(function () {
        pending += 1;
        if (pending >= BATCH) {
          pending = 0;
          flushPoints(tracker);
        }
      });
    }, function () {
      status.textContent = tracker.dataset.noPosition;
    }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 });

    var checkIn = document.querySelector("form[data-check-in]");
    if (checkIn) {
      checkIn.addEventListener("submit", function () {
        if (last) {
          checkIn.querySelector("[name=lon]").value = last.lon;
          checkIn.querySelector("[name=lat]").value = last.lat;
        }
      });
    }
    var end = document.querySelector("[data-end-patrol]");
    if (end) {
      end.form.addEventListener("submit", function (event) {
        // The last points go before the patrol ends and its length is measured.
        event.preventDefault();
        flushPoints(tracker).then(function () { end.form.submit(); }, function () { end.form.submit(); });
      });
    }
    window.setInterval(function () { flushPoints(tracker); }, 30000);
    flushPoints(tracker);
  }

  document.addEventListener("DOMContentLoaded", function () {
    registerWorker();
    showNetwork();
    window.addEventListener("online", function () { showNetwork(); sendAll(); });
    window.addEventListener("offline", showNetwork);
    var patrolMap = document.querySelector("[data-patrol-map]");
    var tracker = document.getElementById("patrol-tracker");
    if (!window.idb) {
      return;
    }
    document.querySelectorAll("form[data-draft-form]").forEach(setUpDraftForm);
    var sendNow = document.getElementById("drafts-send");
    if (sendNow) {
      sendNow.addEventListener("click", sendAll);
    }
    if (tracker) {
      setUpPatrol(tracker);
    } else if (patrolMap) {
      drawPatrolMap(patrolMap);
    }
    autoLocate();
    showDrafts().then(sendAll);
  });
})();
