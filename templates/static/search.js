// The search page: full-text search over the Pagefind index the build writes into pagefind/.
//
// Markup the search page must carry (everything else is built here):
//   <div id="search" data-site-root="../"></div>
//   <script type="module" src="../static/search.js"></script>
// data-site-root is the relative path from the page to the site root, so the index loads from
// <root>/pagefind/pagefind.js under any base path (/, /archive/, /user/repo/). Result links are
// made absolute under that same root.
//
// The query and filters live in the address (?q=banjir&tag=...&place=...&year=...&event=...),
// so a link can open a search, and the back button and reloads keep it.
//
// Everything that comes from the index (titles, places, excerpts, filter values) is inserted
// with textContent or createTextNode, never as HTML: article text is untrusted.

const FILTERS = ["tag", "place", "source", "year", "event"];
const PAGE_SIZE = 20;

const STRINGS = {
  en: {
    label: "Search the archive", placeholder: "e.g. flood, Jakarta, killed", submit: "Search",
    tag: "Tag", place: "Place", source: "Source", year: "Year", event: "Event", any: "Any",
    killed: "killed", more: "Show more", searching: "Searching…", unavailable:
      "Search is not available: the search index could not be loaded.",
    results: (n) => (n === 1 ? "1 result" : `${n} results`), none: "No results.",
    prompt: "Type a word or choose a filter.",
  },
  id: {
    label: "Cari di arsip", placeholder: "mis. banjir, Jakarta, tewas", submit: "Cari",
    tag: "Tag", place: "Tempat", source: "Sumber", year: "Tahun", event: "Peristiwa",
    any: "Semua",
    killed: "tewas", more: "Tampilkan lagi", searching: "Mencari…", unavailable:
      "Pencarian tidak tersedia: indeks pencarian tidak dapat dimuat.",
    results: (n) => `${n} hasil`, none: "Tidak ada hasil.",
    prompt: "Ketik kata atau pilih filter.",
  },
};

function strings() {
  const lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  return STRINGS[lang] || STRINGS.en;
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

// Only http(s) links under this site are followed; anything else becomes plain text.
function safeHref(raw) {
  try {
    const url = new URL(raw, document.baseURI);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// Pagefind's excerpt is HTML (entities escaped, matches in <mark>). Parse it inertly and copy
// only its text and <mark> elements, so nothing from the index is ever interpreted as markup.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
  const nodes = [];
  for (const child of doc.body.childNodes) {
    const text = child.textContent || "";
    nodes.push(child.nodeName === "MARK" ? el("mark", {}, text) : document.createTextNode(text));
  }
  return nodes;
}

function buildForm(container, t) {
  const form = el("form", { role: "search", class: "search-form" });
  const inputId = "search-q";
  form.append(el("label", { for: inputId }, t.label));
  const input = el("input", {
    id: inputId, name: "q", type: "search", placeholder: t.placeholder, autocomplete: "off",
  });
  form.append(input, el("button", { type: "submit" }, t.submit));
  const fieldset = el("div", { class: "search-filters" });
  const selects = {};
  for (const name of FILTERS) {
    const id = `search-filter-${name}`;
    const select = el("select", { id, name });
    select.append(el("option", { value: "" }, t.any));
    const wrap = el("span", { class: "search-filter" });
    wrap.append(el("label", { for: id }, t[name]), select);
    fieldset.append(wrap);
    selects[name] = select;
  }
  form.append(fieldset);
  const status = el("p", { class: "search-status", role: "status", "aria-live": "polite" });
  const list = el("ol", { class: "search-results" });
  const more = el("button", { type: "button", class: "search-more", hidden: "" }, t.more);
  container.replaceChildren(form, status, list, more);
  return { form, input, selects, status, list, more };
}

function readState() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return { q: (params.get("q") || "").trim(), filters };
}

function writeState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, value] of Object.entries(state.filters)) params.set(name, value);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  window.history.replaceState(null, "", url);
}

function fillFilters(selects, available, chosen) {
  for (const name of FILTERS) {
    const select = selects[name];
    const counts = available[name] || {};
    const values = Object.keys(counts).sort((a, b) =>
      name === "year" ? b.localeCompare(a) : a.localeCompare(b));
    if (chosen[name] && !values.includes(chosen[name])) values.unshift(chosen[name]);
    for (const value of values) {
      const label = counts[value] === undefined ? value : `${value} (${counts[value]})`;
      select.append(el("option", { value }, label));
    }
    select.value = chosen[name] || "";
  }
}

function resultItem(data, t) {
  const meta = data.meta || {};
  const item = el("li", { class: "search-result" });
  const heading = el("h2");
  const href = safeHref(data.url);
  const title = meta.title || data.url || "";
  heading.append(href ? el("a", { href }, title) : document.createTextNode(title));
  item.append(heading);
  // The date as every other page shows it (formatted at build time in the site language),
  // in a <time> that keeps the ISO date for machines.
  const facts = [];
  if (meta.date) facts.push(el("time", { datetime: meta.date }, meta.date_shown || meta.date));
  for (const fact of [meta.place, meta.killed ? `${meta.killed} ${t.killed}` : null]) {
    if (fact) facts.push(document.createTextNode(fact));
  }
  if (facts.length) {
    const line = el("p", { class: "search-result-meta" });
    facts.forEach((fact, i) => line.append(...(i ? [" · ", fact] : [fact])));
    item.append(line);
  }
  const excerpt = el("p", { class: "search-result-excerpt" });
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(excerpt);
  return item;
}

// A large archive's index is split into shards (site_builder/search.py); the primary bundle
// lists the others in pagefind/shards.json and they are merged into one search here.
async function loadPagefind(container) {
  const root = new URL(container.dataset.siteRoot || "../", document.baseURI);
  const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  await pagefind.options({ baseUrl: root.pathname, excerptLength: 30 });
  let shards = [];
  try {
    const listing = await fetch(new URL("pagefind/shards.json", root));
    if (listing.ok) shards = (await listing.json()).shards || [];
  } catch {
    shards = [];
  }
  for (const shard of shards) {
    await pagefind.mergeIndex(new URL(shard, root).pathname, { baseUrl: root.pathname });
  }
  await pagefind.init();
  return pagefind;
}

async function main() {
  const container = document.getElementById("search");
  if (!container) return;
  const t = strings();
  const ui = buildForm(container, t);
  let pagefind;
  try {
    pagefind = await loadPagefind(container);
  } catch (err) {
    ui.status.textContent = t.unavailable;
    return;
  }
  const state = readState();
  ui.input.value = state.q;
  fillFilters(ui.selects, await pagefind.filters(), state.filters);

  let shown = [];
  let generation = 0;

  async function showMore() {
    const batch = shown.splice(0, PAGE_SIZE);
    const mine = generation;
    const datas = await Promise.all(batch.map((r) => r.data()));
    if (mine !== generation) return;
    ui.list.append(...datas.map((d) => resultItem(d, t)));
    ui.more.hidden = shown.length === 0;
  }

  async function run() {
    const current = { q: ui.input.value.trim(), filters: {} };
    for (const name of FILTERS) {
      if (ui.selects[name].value) current.filters[name] = ui.selects[name].value;
    }
    writeState(current);
    const mine = ++generation;
    ui.list.replaceChildren();
    ui.more.hidden = true;
    if (!current.q && Object.keys(current.filters).length === 0) {
      ui.status.textContent = t.prompt;
      return;
    }
    ui.status.textContent = t.searching;
    const search = await pagefind.search(current.q || null, { filters: current.filters });
    if (mine !== generation || search === null) return;
    ui.status.textContent = search.results.length ? t.results(search.results.length) : t.none;
    shown = search.results.slice();
    await showMore();
    container.dataset.searchDone = String(mine);
  }

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  let timer = null;
  ui.input.addEventListener("input", () => {
    pagefind.preload(ui.input.value);
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
  for (const select of Object.values(ui.selects)) select.addEventListener("change", run);
  ui.more.addEventListener("click", showMore);
  await run();
}

main();
