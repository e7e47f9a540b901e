// ratingsite serve: reload the page after every rebuild. The server sends
// one message per build; EventSource reconnects by itself when the
// connection drops, and the server then sends a message at once if a build
// finished (or the server restarted) while it was away.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var events = new EventSource("/_ratingsite/events");
  events.onmessage = function () {
    events.close();
    location.reload();
  };
})();
