{% load static %}/* The phone's service worker: the shell (styles, scripts, icons) from its cache, pages
 * from the network first and from the cache when there is none. Reports are not handled
 * here: the page keeps a report that could not be sent as a draft (IndexedDB) and sends it
 * again itself, with the same idempotency key.
 */
"use strict";

var CACHE = "wangge-phone-v1";
var SHELL = [{% for path in shell %}"{% static path as url %}{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES = ["{% url 'workbench:phone_today' as today %}{{ today|escapejs }}", "{% url 'workbench:phone_report' as report %}{{ report|escapejs }}"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) {
        return caches.delete(key);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isShell(url) {
  return SHELL.indexOf(url.pathname) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (isShell(url)) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate" && PAGES.indexOf(url.pathname) !== -1) {
    // Network first: the page carries a fresh form key and CSRF token; the cached copy
    // opens the drafts when there is no network.
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(url.pathname);
      })
    );
  }
});
