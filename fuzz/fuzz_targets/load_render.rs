//! Fuzzes model loading and, when a model loads, rendering. Any panic is a bug in archgen, and
//! so is a model that loads (it passed every check) but fails to render.

#![no_main]

use archgen::render::Renderer;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::builtin().expect("the built-in templates compile"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(model) = archgen::load::parse(text, "fuzz.yaml") else {
        return;
    };
    if let Err(e) = renderer().render(&model) {
        panic!(
            "a model that loads fails to render: {}",
            archgen::error_chain(&e)
        );
    }
});
