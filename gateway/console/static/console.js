// Rosetta console: loads each view from /console/pages/... following the location hash,
// sending the admin key (kept in this tab's sessionStorage only) when auth is on.
"use strict";

const view = document.getElementById("view");
const auth = document.body.dataset.auth === "on";
const KEY = "rosetta.console.key";

function headers() {
  const key = sessionStorage.getItem(KEY);
  return key ? { Authorization: "Bearer " + key } : {};
}

function route() {
  const hash = location.hash.replace(/^#/, "") || "/workspaces";
  return "/console/pages" + hash;
}

async function load() {
  if (auth && !sessionStorage.getItem(KEY)) {
    view.innerHTML = "<p class='warning'>Enter an admin key above to browse the store.</p>";
    return;
  }
  let answer;
  try {
    answer = await fetch(route(), { headers: headers() });
  } catch (error) {
    view.textContent = "The gateway did not answer: " + error;
    return;
  }
  if (answer.status === 401) {
    sessionStorage.removeItem(KEY);
    view.innerHTML = "<p class='warning'>That key was refused. Enter an admin key above.</p>";
    return;
  }
  view.innerHTML = await answer.text();
  view.dataset.status = String(answer.status);
  refreshLater();
}

let refreshing = null;
function refreshLater() {  // a view that is still changing (a running migration) asks to be reloaded
  clearTimeout(refreshing);
  const live = view.querySelector("[data-refresh]");
  if (!live) return;
  const shown = location.hash;
  refreshing = setTimeout(() => { if (location.hash === shown) load(); }, Number(live.dataset.refresh));
}

async function post(form) {
  const answer = await fetch(form.dataset.post, { method: "POST", body: new FormData(form), headers: headers() });
  view.innerHTML = await answer.text();
  const next = answer.headers.get("x-console-location");
  if (next) history.replaceState(null, "", next);
  refreshLater();
}

async function copy(button) {
  const text = button.dataset.copy;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {  // no clipboard (plain http on a remote host): select the text instead
    const range = document.createRange();
    range.selectNodeContents(button.previousElementSibling);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
  button.textContent = "copied";
  setTimeout(() => { button.textContent = "copy"; }, 1500);
}

async function download(link) {
  const answer = await fetch(link.getAttribute("href"), { headers: headers() });
  const blob = await answer.blob();
  const url = URL.createObjectURL(blob);
  const save = document.createElement("a");
  save.href = url;
  save.download = link.dataset.download;
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button.copy");
  if (button) { event.preventDefault(); copy(button); return; }
  const link = event.target.closest("a[data-download]");
  if (link) { event.preventDefault(); download(link); }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.id === "key-form") {
    event.preventDefault();
    const key = document.getElementById("key").value.trim();
    if (key) sessionStorage.setItem(KEY, key);
    document.getElementById("key").value = "";
    load();
  } else if (form.dataset.post !== undefined) {
    event.preventDefault();
    post(form);
  } else if (form.dataset.search !== undefined) {
    event.preventDefault();
    const q = new FormData(form).get("q");
    location.hash = "#/search?w=" + encodeURIComponent(form.dataset.search) + "&q=" + encodeURIComponent(q);
  }
});

window.addEventListener("hashchange", load);
load();
