// Click-to-load videos (bantin, src/media): a video from YouTube or Facebook is a plain link to the video until
// the reader clicks it; only then is the player loaded, from youtube-nocookie.com or facebook.com. No request
// goes to another site before that click. Without scripts, the link simply opens the video on its site.
(function () {
  'use strict';
  var ALLOWED = ['https://www.youtube-nocookie.com/embed/', 'https://www.facebook.com/plugins/video.php?'];

  function allowed(url) {
    for (var i = 0; i < ALLOWED.length; i++) if (url.indexOf(ALLOWED[i]) === 0) return true;
    return false;
  }

  function play(link) {
    var embed = link.getAttribute('data-video-embed') || '';
    if (!allowed(embed)) return false;
    var frame = document.createElement('iframe');
    frame.src = embed;
    frame.title = link.getAttribute('data-video-title') || 'Video';
    frame.className = 'video-player';
    frame.setAttribute('allow', 'autoplay; encrypted-media; picture-in-picture; fullscreen');
    frame.setAttribute('allowfullscreen', '');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    link.parentNode.replaceChild(frame, link);
    frame.focus();
    return true;
  }

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target;
    var link = target && target.closest ? target.closest('a[data-video-embed]') : null;
    if (link && play(link)) event.preventDefault();
  });
})();
