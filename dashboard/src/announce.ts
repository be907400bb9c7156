// Tells screen-reader users what just happened ("Campaign saved") through the page's one live region.
export function announce(message: string) {
  const region = document.getElementById('status');
  if (!region) return;
  // Clearing first makes the same message be announced again when it repeats.
  region.textContent = '';
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
