// A personal-data check runs on the worker. While it does, ask where it stands every two seconds and show
// the answer in place: no reload, so nothing typed on the page is lost. Used by the moderators' review
// screen and the story editor: any element with data-text-check="<url>" and data-state="pending".
(function () {
    "use strict";

    document.querySelectorAll("[data-text-check][data-state=pending]").forEach(function (box) {
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
    });
})();
