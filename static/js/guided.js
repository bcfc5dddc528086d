/* OsteoFit: the guided session's repetition counter and hold timer.
 *
 * The exercise screen works without this file (the numbers are plain inputs). With it, a big
 * button counts repetitions into the form, and holds get a visible countdown with pause and,
 * when the person turns it on, a spoken count and a soft tone. Nothing starts by itself. No
 * inline script or style, so it runs under the production Content Security Policy.
 */
(function () {
  "use strict";

  function say(text) {
    if (!("speechSynthesis" in window)) {
      return;
    }
    try {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    } catch (error) {
      /* Speech is a nicety; the countdown on screen is the timer. */
    }
  }

  function tone() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    try {
      var context = new Context();
      var oscillator = context.createOscillator();
      var gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = 528;
      gain.gain.value = 0.08;
      oscillator.connect(gain);
      gain.connect(context.destination);
      oscillator.start();
      oscillator.stop(context.currentTime + 0.4);
    } catch (error) {
      /* As above: optional. */
    }
  }

  /* Repetitions are counted into the form's input; an "each side" exercise counts the first
   * side, says when to switch, then the second, and logs what both sides reached. */
  function setUpCounter(counter) {
    if (counter.dataset.ready) {
      return;
    }
    counter.dataset.ready = "true";
    var form = counter.closest("form");
    var input = form && form.querySelector("input[name=reps]");
    var value = counter.querySelector("[data-counter-value]");
    var side = counter.querySelector("[data-counter-side]");
    var target = parseInt(counter.dataset.target, 10) || 0;
    var perSide = counter.dataset.perSide === "true";
    var counts = [0, 0];
    var current = 0;

    function show() {
      value.textContent = String(counts[current]);
      if (perSide) {
        side.textContent = current === 0 ? " on the first side" : " on the second side";
      }
      if (input) {
        input.value = String(perSide ? Math.min(counts[0], counts[1]) : counts[0]);
      }
    }

    counter.querySelector("[data-counter-tap]").addEventListener("click", function () {
      counts[current] += 1;
      show();
      if (perSide && current === 0 && counts[0] >= target) {
        current = 1;
        side.textContent = " on the first side. Now switch to the second side.";
      }
    });
    counter.querySelector("[data-counter-reset]").addEventListener("click", function () {
      counts = [0, 0];
      current = 0;
      show();
    });
    counter.hidden = false;
    value.textContent = "0";
    if (perSide) {
      side.textContent = " on the first side";
    }
  }

  function setUpTimer(timer) {
    if (timer.dataset.ready) {
      return;
    }
    timer.dataset.ready = "true";
    var seconds = parseInt(timer.dataset.seconds, 10) || 0;
    var value = timer.querySelector("[data-timer-value]");
    var start = timer.querySelector("[data-timer-start]");
    var pause = timer.querySelector("[data-timer-pause]");
    var voice = timer.querySelector("[data-timer-voice]");
    var status = timer.querySelector("[data-timer-status]");
    var left = seconds;
    var ticking = null;

    function stop() {
      if (ticking !== null) {
        window.clearInterval(ticking);
        ticking = null;
      }
      pause.disabled = true;
      start.disabled = false;
    }

    function tick() {
      left -= 1;
      value.textContent = String(Math.max(left, 0));
      if (left > 0) {
        if (voice.checked) {
          say(String(left));
        }
        return;
      }
      stop();
      start.textContent = "Start the next hold";
      status.textContent = "Hold done. Relax.";
      if (voice.checked) {
        tone();
        say("Relax");
      }
      left = seconds;
    }

    start.addEventListener("click", function () {
      if (ticking !== null) {
        return;
      }
      if (left === seconds) {
        value.textContent = String(seconds);
      }
      status.textContent = "Hold started.";
      start.disabled = true;
      pause.disabled = false;
      ticking = window.setInterval(tick, 1000);
    });
    pause.addEventListener("click", function () {
      stop();
      start.textContent = "Carry on";
      status.textContent = "Paused with " + left + " seconds left.";
    });
    timer.hidden = false;
  }

  function setUp(root) {
    (root || document).querySelectorAll("[data-counter]").forEach(setUpCounter);
    (root || document).querySelectorAll("[data-timer]").forEach(setUpTimer);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setUp(event.target);
  });
})();
