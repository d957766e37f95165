/* Auto-height for the iframe view (/widget/v1/frame), without any library.
 *
 * A classic script of ours (not a module, not inline) so it runs in WordPress's sandbox
 * (`allow-scripts` only, opaque origin) and under the page's CSP. It speaks two protocols:
 *  - WordPress's: `{message: 'height', value, secret}` to the parent, with the secret that
 *    WordPress appends to the src as `#?secret=…`; answers its `ready`; asks it to open our
 *    links (`{message: 'link'}`), since the sandbox has no popups.
 *  - ours: `{type: 'wsby:height', height}`. It carries nothing private, so it goes to any
 *    parent; a host listener must check `event.origin` against the service's origin and
 *    `event.source` against its iframe (see docs/embedding.md). `{type: 'wsby:ready'}` from
 *    the parent asks for the height again (a listener added after the frame loaded).
 */
(function () {
  "use strict";
  var main = document.getElementById("wsby-frame");
  if (!main || window.parent === window) return;

  var secret = "";
  var last = -1;

  function readSecret() {
    // The same pattern as WordPress's own wp-embed-template.js.
    var match = /secret=([\d\w]{10})/.exec(window.location.hash);
    secret = match ? match[1] : "";
  }

  function post(data) {
    try {
      window.parent.postMessage(data, "*");
    } catch (err) {
      /* a detached parent: nothing to tell */
    }
  }

  function send(force) {
    var height = Math.ceil(main.scrollHeight);
    if (!force && height === last) return;
    last = height;
    if (secret) post({ message: "height", value: height, secret: secret });
    post({ type: "wsby:height", height: height });
  }

  var pending = 0;
  function soon() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      send(false);
    });
  }

  readSecret();
  send(true);
  window.addEventListener("load", function () { send(true); });
  window.addEventListener("resize", soon);
  window.addEventListener("hashchange", function () {
    readSecret();
    send(true);
  });
  main.addEventListener("toggle", soon, true); // <details> opened or closed
  if (typeof ResizeObserver === "function") new ResizeObserver(soon).observe(main);

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || typeof data !== "object") return;
    if (data.message === "ready" && secret && data.secret === secret) send(true);
    else if (data.type === "wsby:ready") send(true);
  });

  // In WordPress's sandbox `target=_blank` cannot open; WordPress navigates the top window
  // to a link of ours when asked by the frame it belongs to.
  main.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!secret || !link || link.host !== window.location.host) return;
    event.preventDefault();
    post({ message: "link", value: link.href, secret: secret });
  });
})();
