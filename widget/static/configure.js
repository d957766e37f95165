/* The configurator (/embed): live preview and codes as options change, and copy buttons.
 * The page works without this script (the form submits and the server renders the codes);
 * the codes always come from the server (/embed/code.json), never built here, so there is
 * one source for them. */
(function () {
  "use strict";
  var form = document.getElementById("options");
  var preview = document.getElementById("preview");
  var missing = document.getElementById("preview-missing");
  var codes = document.getElementById("codes");
  var status = document.getElementById("copy-status");
  if (!form || !preview || !codes) return;

  function say(text) {
    // Clear first so the same message is announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function fallbackCopy(area) {
    area.focus();
    area.select();
    return document.execCommand("copy");
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy"));
      var done = function () {
        button.textContent = "Copied ✓";
        say(label.replace(/^Copy /, "") + " copied to the clipboard.");
        window.setTimeout(function () { button.textContent = label; }, 2000);
      };
      var failed = function () {
        if (fallbackCopy(area)) done();
        else say("Copying failed: the code is selected, press Ctrl+C (⌘C on a Mac).");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(done, failed);
      } else {
        failed();
      }
    });
  });

  // The preview reports its height with our own message; only our origin and our frame count.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== window.location.origin || event.source !== preview.contentWindow) return;
    if (data && data.type === "wsby:height" && typeof data.height === "number") {
      preview.height = String(Math.max(60, Math.min(1200, Math.ceil(data.height) + 2)));
    }
  });

  var generation = 0;
  function update() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value) params.append(name, value); // no "godparent=" noise in URLs people share
    });
    var query = params.toString();
    var mine = ++generation;
    fetch("/embed/code.json?" + query, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (mine !== generation) return; // a newer choice is on its way
        var error = document.getElementById("form-error");
        if (!result.ok) {
          if (!error) {
            error = document.createElement("p");
            error.id = "form-error";
            error.className = "error";
            error.setAttribute("role", "alert");
            form.insertBefore(error, form.firstChild);
          }
          error.textContent = result.body.detail || "Please check your choices.";
          return;
        }
        if (error) error.remove();
        window.history.replaceState(null, "", "/embed?" + query);
        var c = result.body.codes;
        codes.hidden = !c;
        preview.hidden = !c;
        if (missing) missing.hidden = !!c;
        if (!c) return;
        ["link", "snippet", "iframe", "badge", "markdown"].forEach(function (id) {
          document.getElementById("code-" + id).value = c[id];
        });
        if (preview.getAttribute("src") !== c.preview) preview.setAttribute("src", c.preview);
      })
      .catch(function () {
        say("The preview could not be updated; use the button to update.");
      });
  }

  var timer = 0;
  form.addEventListener("change", update);
  form.addEventListener("input", function (event) {
    if (event.target && event.target.name !== "godparent") return;
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  });
})();
