/* The live map: reloads itself when the store changes (an ingest beside the server, a review). */
(function () {
  'use strict';
  var seen = null;
  function poll() {
    fetch('/api/version', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (v) {
      if (seen === null) { seen = v.version; } else if (v.version !== seen) { location.reload(); }
    }).catch(function () { /* server restarting: try again */ });
  }
  poll();
  setInterval(poll, 3000);
}());
