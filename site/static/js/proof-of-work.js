// The call form's proof of work (ALTCHA's protocol: find the number whose SHA-256 with the salt is
// the challenge). It runs when the author sends the form, so reading and writing cost nothing.
// Without this script, or without WebCrypto, the form is sent as it is and takes the slower lane.
(function () {
    "use strict";

    const form = document.querySelector("form[data-proof-of-work]");
    if (!form || !window.fetch || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
        return;
    }
    const field = form.querySelector("input[name=proof]");
    const status = form.querySelector("[data-proof-status]");
    const button = form.querySelector("button[type=submit]");
    const encoder = new TextEncoder();
    let sending = false;

    async function sha256hex(text) {
        const digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(text));
        return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
    }

    async function solve(challenge) {
        for (let number = 0; number <= challenge.maxNumber; number += 1) {
            if ((await sha256hex(challenge.salt + number)) === challenge.challenge) {
                return number;
            }
        }
        return null;
    }

    async function prove() {
        const response = await fetch(form.dataset.proofOfWork, { credentials: "same-origin", cache: "no-store" });
        if (!response.ok) {
            return "";
        }
        const challenge = await response.json();
        const number = await solve(challenge);
        if (number === null) {
            return "";
        }
        const { algorithm, salt, signature } = challenge;
        return window.btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }));
    }

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        if (sending) {
            return; // a second click while the first is being sent
        }
        sending = true;
        button.disabled = true;
        status.textContent = status.dataset.working;
        try {
            field.value = await prove();
        } catch (error) {
            field.value = ""; // the slower lane still takes the story
        }
        form.submit();
    });
})();
