//! The static site: a rendered document set as HTML pages that open from `file://` with no
//! network. Each Markdown document becomes a page (links rewritten to pages), each Mermaid
//! file a page that draws it, every other file (contracts, exports) is copied as it is; a page
//! per service and per event gathers what the documents say about it; a sidebar lists the
//! documents in the index's order and a search box reads a static index. Diagrams are drawn in
//! the browser by the Mermaid bundle embedded in the binary ([`MERMAID_VERSION`]).
//!
//! Building is pure: files in, files out, in a stable order and without timestamps, so two
//! builds of the same documents are byte-identical. [`crate::write::site`] writes them.

mod html;
mod items;
mod layout;
pub mod paths;
mod search;
mod sections;

use crate::markdown::Outline;
use crate::text::names::{Namer, slug};
use crate::view::View;
use items::{Context, Places};
use layout::Nav;
use paths::Map;
use std::collections::{BTreeMap, HashSet};

/// The version of the Mermaid bundle in `vendor/mermaid`, the one `scripts/validate-docs`
/// checks diagrams with.
pub const MERMAID_VERSION: &str = "11.17.2";

/// The site's own files: the bundle, its licence, the style sheet and the script.
const ASSETS: [(&str, &str); 4] = [
    (
        "assets/mermaid.min.js",
        include_str!("../../vendor/mermaid/mermaid.min.js"),
    ),
    (
        "assets/mermaid-LICENSE.txt",
        include_str!("../../vendor/mermaid/LICENSE"),
    ),
    ("assets/site.css", include_str!("assets/site.css")),
    ("assets/site.js", include_str!("assets/site.js")),
];

/// The search index's path.
const INDEX: &str = "assets/search-index.js";
const SERVICES: &str = "services/index.html";
const EVENTS: &str = "events/index.html";

/// The site of the documents `docs` (output-relative path -> text) rendered from `view`: every
/// file of the site by path.
pub fn build(
    docs: &BTreeMap<String, String>,
    view: &View,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut map = Map::new(docs.keys().map(String::as_str))?;
    for path in ASSETS.iter().map(|(p, _)| *p).chain([INDEX]) {
        map.take(path, "the site's own file")?;
    }
    let places = place_items(&mut map, view)?;
    let sources: Vec<(&String, &String)> = docs.iter().collect();
    let outlines: Vec<Option<Outline>> = crate::parallel::map(&sources, |(path, text)| {
        path.ends_with(".md")
            .then(|| crate::markdown::outline(text))
    });
    let titles = titles(view, &sources, &outlines);
    let nav = nav(view, &map, &titles, &places);
    let page = |source: &str| map.by_source[source].clone();

    let mut files = BTreeMap::new();
    let mut index = Vec::new();
    let built = crate::parallel::map(&sources, |(source, text)| {
        let to = page(source);
        let title = titles.get(*source).map_or("", String::as_str);
        converted(&map, &nav, source, &to, title, text)
    });
    for (((source, _), outline), content) in sources.iter().zip(&outlines).zip(built) {
        let to = page(source);
        if paths::page_of(source).is_some() {
            let headings = outline.as_ref().map_or(&[][..], |o| &o.headings[..]);
            index.extend(search::entries(&to, &titles[*source], headings));
        }
        files.insert(to, content);
    }

    // The services' and events' pages, with what the documents say about each, in reading order.
    let order: Vec<&str> = nav
        .documents
        .iter()
        .filter_map(|(p, _)| source_of(&map, p))
        .collect();
    let readable: Vec<(&str, &str, &Outline)> = order
        .iter()
        .filter_map(|s| {
            let i = sources.iter().position(|(p, _)| p.as_str() == *s)?;
            Some((*s, sources[i].1.as_str(), outlines[i].as_ref()?))
        })
        .collect();
    let names: HashSet<&str> = view
        .services
        .iter()
        .map(|s| s.node.name.as_str())
        .chain(view.events.iter().map(|e| e.name.as_str()))
        .collect();
    let found = sections::by_heading(&readable, &names);
    let cx = Context {
        map: &map,
        places: &places,
        sections: &found,
        titles: &titles,
    };
    item_pages(view, &cx, &mut |path: &str, title: &str, body: String| {
        index.extend(search::entries(path, title, &[]));
        files.insert(path.to_owned(), layout::page(&nav, path, title, &body));
    });
    for (path, content) in ASSETS {
        files.insert(path.to_owned(), content.to_owned());
    }
    files.insert(INDEX.to_owned(), search::script(&index));
    Ok(files)
}

/// The page of document `source` (at `to`): Markdown and Mermaid as HTML in the site's
/// layout, anything else as it is.
fn converted(map: &Map, nav: &Nav, source: &str, to: &str, title: &str, text: &str) -> String {
    if source.ends_with(".md") {
        let body = html::body(text, |u| map.rewrite(source, to, u));
        layout::page(nav, to, title, &body)
    } else if source.ends_with(".mmd") {
        let body = format!(
            "<h1>{}</h1>\n{}",
            crate::text::escape::html(title),
            html::diagram(text)
        );
        layout::page(nav, to, title, &body)
    } else {
        text.to_owned()
    }
}

/// The services' and events' pages, each given to `item` with its path and title.
fn item_pages(view: &View, cx: &Context, item: &mut dyn FnMut(&str, &str, String)) {
    if !view.services.is_empty() {
        item(
            SERVICES,
            "Services",
            items::services(cx, SERVICES, &view.services),
        );
    }
    for s in &view.services {
        let path = &cx.places.services[&s.node.name];
        item(path, &s.node.name, items::service(cx, path, s));
    }
    if !view.events.is_empty() {
        item(EVENTS, "Events", items::events(cx, EVENTS, &view.events));
    }
    for e in &view.events {
        let path = &cx.places.events[&e.name];
        let asyncapi = view
            .services
            .iter()
            .find(|s| s.node.name == e.publisher)
            .and_then(|s| s.docs.get("asyncapi"));
        item(
            path,
            &e.name,
            items::event(cx, path, e, asyncapi.map(String::as_str)),
        );
    }
}

/// The source path whose page is `page`.
fn source_of<'a>(map: &'a Map, page: &str) -> Option<&'a str> {
    map.by_source
        .iter()
        .find(|(_, p)| *p == page)
        .map(|(s, _)| s.as_str())
}

/// A page for each service (its file-name slug) and each event, claimed in `map`.
fn place_items(map: &mut Map, view: &View) -> anyhow::Result<Places> {
    let mut places = Places::default();
    if !view.services.is_empty() {
        map.take(SERVICES, "the list of services")?;
    }
    for s in &view.services {
        let path = format!("services/{}.html", s.node.slug);
        map.take(&path, &format!("the page of the service {}", s.node.name))?;
        places.services.insert(s.node.name.clone(), path);
    }
    if !view.events.is_empty() {
        map.take(EVENTS, "the list of events")?;
    }
    let mut namer = Namer::reserving(["index"]);
    for e in &view.events {
        let path = format!("events/{}.html", namer.unique(&slug(&e.name, "event"), "-"));
        map.take(&path, &format!("the page of the event {}", e.name))?;
        places.events.insert(e.name.clone(), path);
    }
    Ok(places)
}

/// Each document's title: the index's name for it, else its first top-level heading, else
/// its path.
fn titles(
    view: &View,
    sources: &[(&String, &String)],
    outlines: &[Option<Outline>],
) -> BTreeMap<String, String> {
    let listed: BTreeMap<&str, &str> = view
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.title.as_str()))
        .collect();
    sources
        .iter()
        .zip(outlines)
        .filter(|((p, _), _)| paths::page_of(p).is_some())
        .map(|((path, _), outline)| {
            let heading = outline
                .as_ref()
                .and_then(|o| o.headings.iter().find(|h| h.level == 1))
                .map(|h| h.text.as_str());
            let title = listed
                .get(path.as_str())
                .copied()
                .or(heading)
                .unwrap_or(path);
            ((*path).clone(), title.to_owned())
        })
        .collect()
}

/// The sidebar: the index's documents that are in the folder, then the item lists.
fn nav(view: &View, map: &Map, titles: &BTreeMap<String, String>, places: &Places) -> Nav {
    let documents = view
        .documents
        .iter()
        .filter(|d| d.path.ends_with(".md"))
        .filter_map(|d| {
            Some((
                map.by_source.get(&d.path)?.clone(),
                titles.get(&d.path)?.clone(),
            ))
        })
        .collect();
    let mut lists = Vec::new();
    if !places.services.is_empty() {
        lists.push((
            SERVICES.to_owned(),
            format!("Services ({})", places.services.len()),
        ));
    }
    if !places.events.is_empty() {
        lists.push((
            EVENTS.to_owned(),
            format!("Events ({})", places.events.len()),
        ));
    }
    Nav {
        system: view.system.name.clone(),
        documents,
        lists,
    }
}
