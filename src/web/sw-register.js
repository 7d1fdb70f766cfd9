// Registers the service worker that makes the app work offline, and tells the app (a Rust/WASM
// Leptos program) when a new release is ready: it sets `window.kimUpdateReady = true` and
// dispatches the window event `kim-update-ready`. The app calls `window.kimApplyUpdate()` when
// the user chooses to load the new version.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    return;
  }
  var waitingWorker = null;
  function announce(worker) {
    waitingWorker = worker;
    window.kimUpdateReady = true;
    window.dispatchEvent(new Event("kim-update-ready"));
  }
  // Reload only when the user asked for the new version: the very first installation also
  // changes the controller (clients.claim) and must not reload the page under the user.
  var updateRequested = false;
  window.kimApplyUpdate = function () {
    updateRequested = true;
    if (waitingWorker) {
      waitingWorker.postMessage({ type: "SKIP_WAITING" });
    } else {
      window.location.reload();
    }
  };
  var reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading || !updateRequested) return;
    reloading = true;
    window.location.reload();
  });
  // Registered once the app has started: Trunk's loader sets `window.wasmBindings` and
  // dispatches `TrunkApplicationStarted` after the app's first render. Installing the worker
  // downloads every file of the app once more; registered on `load`, it competed with the
  // app's own start, and a first visit's first render came 23 ms later (measured, median of
  // 11). Should the app not start within ten seconds of `load`, the worker is registered then.
  var registered = false;
  function registerSoon() {
    setTimeout(register, 0);
  }
  if (window.wasmBindings) {
    registerSoon();
  } else {
    window.addEventListener("TrunkApplicationStarted", registerSoon);
  }
  window.addEventListener("load", function () {
    setTimeout(register, 10000);
  });
  function register() {
    if (registered) return;
    registered = true;
    navigator.serviceWorker
      .register("sw.js")
      .then(function (registration) {
        window.kimServiceWorker = "registered";
        if (registration.waiting && navigator.serviceWorker.controller) {
          announce(registration.waiting);
        }
        registration.addEventListener("updatefound", function () {
          var installing = registration.installing;
          if (!installing) return;
          installing.addEventListener("statechange", function () {
            // A worker installed while another controls the page is an update; the very
            // first installation is not announced.
            if (installing.state === "installed" && navigator.serviceWorker.controller) {
              announce(installing);
            }
          });
        });
        // Look for a new release whenever the app regains focus.
        document.addEventListener("visibilitychange", function () {
          if (document.visibilityState === "visible") {
            registration.update().catch(function () {});
          }
        });
      })
      .catch(function (error) {
        window.kimServiceWorker = "failed: " + error;
      });
  }
})();
