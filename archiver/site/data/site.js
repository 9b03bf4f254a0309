/* The Meridian Courier: lazy images get their picture, lead photos their caption. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("img[data-src]").forEach(function (image) {
    image.src = image.getAttribute("data-src");
    image.removeAttribute("data-src");
  });
  document.querySelectorAll("figure.lead").forEach(function (figure) {
    var caption = document.createElement("figcaption");
    caption.className = "scripted-caption";
    caption.textContent = "Photo: " + (figure.getAttribute("data-credit") || "The Meridian Courier");
    figure.appendChild(caption);
  });
});
