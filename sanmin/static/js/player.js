/*
 * Video players of 云述职.
 *
 * <video data-hls="…m3u8">: plays the HLS stream natively where the browser can
 * (Safari, iOS, recent Chromium), else through the vendored hls.js; when neither
 * works, or the stream fails, it falls back to the <source> children (an MP4), or
 * shows the element marked [data-player-fallback].
 *
 * [data-playlist]: a <video> and a list of buttons with data-src / data-hls and
 * data-title. A click plays that item; when one ends the next one starts.
 */
(function () {
  "use strict";

  var HLS_TYPE = "application/vnd.apple.mpegurl";

  function showFallback(video) {
    var box = video.closest("[data-player]");
    var note = box && box.querySelector("[data-player-fallback]");
    if (note) note.hidden = false;
  }

  function detach(video) {
    if (video._hls) {
      video._hls.destroy();
      video._hls = null;
    }
  }

  // Point `video` at an HLS stream; `fallbackSrc` plays when the stream cannot.
  function attachHls(video, url, fallbackSrc) {
    detach(video);
    if (video.canPlayType(HLS_TYPE)) {
      video.src = url;
      return;
    }
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls({ enableWorker: true });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (!data.fatal) return;
        detach(video);
        if (fallbackSrc) {
          video.src = fallbackSrc;
        } else {
          showFallback(video);
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      video._hls = hls;
      return;
    }
    if (fallbackSrc) {
      video.src = fallbackSrc;
    } else {
      showFallback(video);
    }
  }

  function firstSource(video) {
    var source = video.querySelector("source[src]");
    return source ? source.src : "";
  }

  function setUpVideo(video) {
    var url = video.getAttribute("data-hls");
    if (url) attachHls(video, url, firstSource(video));
    video.addEventListener("error", function () {
      if (!video._hls) showFallback(video);
    });
  }

  function setUpPlaylist(box) {
    var video = box.querySelector("video");
    var buttons = Array.prototype.slice.call(
      box.querySelectorAll("button[data-title]")
    );
    var nowTitle = box.querySelector("[data-now-title]");
    var download = box.querySelector("[data-now-link]");
    var current = -1;
    if (!video || !buttons.length) return;

    function select(index, autoplay) {
      var button = buttons[index];
      if (!button) return;
      current = index;
      buttons.forEach(function (other, position) {
        if (position === index) {
          other.setAttribute("aria-current", "true");
        } else {
          other.removeAttribute("aria-current");
        }
      });
      var hls = button.getAttribute("data-hls");
      var src = button.getAttribute("data-src");
      if (hls) {
        attachHls(video, hls, src);
      } else {
        detach(video);
        video.src = src;
      }
      if (nowTitle) nowTitle.textContent = button.getAttribute("data-title");
      if (download) {
        download.hidden = !src;
        if (src) download.href = src;
      }
      if (autoplay) {
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () {});
      }
    }

    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () {
        select(index, true);
        video.focus();
      });
    });
    video.addEventListener("ended", function () {
      if (current + 1 < buttons.length) select(current + 1, true);
    });
    select(0, false);
  }

  function start() {
    var playlists = document.querySelectorAll("[data-playlist]");
    Array.prototype.forEach.call(playlists, setUpPlaylist);
    var videos = document.querySelectorAll("video[data-hls]");
    Array.prototype.forEach.call(videos, function (video) {
      if (!video.closest("[data-playlist]")) setUpVideo(video);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
