// A personal-data check runs on the worker. While it does, ask where it stands every two seconds and show
// the answer in place: no reload, so nothing typed on the page is lost. Used by the moderators' review
// screen and the story editor: any element with data-text-check="<url>" and data-state="pending".
// window.textCheckWatch(root) starts watching the boxes under root (the review screen calls it when it
// swaps in a fresh screen after a change).
(function () {
    "use strict";

    function watch(box) {
        if (box.dataset.watched) {
            return;
        }
        box.dataset.watched = "1";
        let asked = 0;
        function again(delay) {
            if (asked < 90) {
                window.setTimeout(ask, delay);
            }
        }
        function ask() {
            asked += 1;
            fetch(box.dataset.textCheck, { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (response) {
                    return response.ok ? response.json() : null;
                })
                .then(function (answer) {
                    if (answer && answer.state !== "pending") {
                        box.dataset.state = answer.state;
                        box.innerHTML = answer.html;
                    } else {
                        again(2000);
                    }
                })
                .catch(function () {
                    again(5000);
                });
        }
        if (window.fetch) {
            again(1500);
        }
    }

    window.textCheckWatch = function (root) {
        root.querySelectorAll("[data-text-check][data-state=pending]").forEach(watch);
    };
    window.textCheckWatch(document);
})();
