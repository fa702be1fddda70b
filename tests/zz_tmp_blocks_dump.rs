//! TEMPORARY (template block refactor check; to be deleted): dumps hostile models and renders them.
#[path = "hostile/draw.rs"]
#[allow(dead_code)]
mod draw;
#[path = "hostile/model.rs"]
#[allow(dead_code)]
mod model;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[test]
fn dump() {
    let Ok(mode) = std::env::var("ZZ_MODE") else { return };
    let models = std::path::Path::new("/tmp/hmodels");
    if mode == "gen" {
        std::fs::create_dir_all(models).unwrap();
        let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
        let mut kept = 0;
        for i in 0..600 {
            let mut d = draw::draw().new_tree(&mut runner).unwrap().current();
            let m = model::build(&mut d);
            if !archgen::validate::model(&m).is_empty() { continue; }
            std::fs::write(models.join(format!("{i:04}.json")), serde_json::to_string(&m).unwrap()).unwrap();
            kept += 1;
        }
        eprintln!("kept {kept}");
        return;
    }
    let out = std::path::PathBuf::from(std::env::var("ZZ_OUT").unwrap());
    let renderer = archgen::render::Renderer::builtin().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(models).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let m: archgen::model::Model = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let dir = out.join(f.file_stem().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        match renderer.render(&m) {
            Ok(docs) => for d in docs {
                let p = dir.join(&d.path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, d.content).unwrap();
            },
            Err(e) => std::fs::write(dir.join("ERROR"), archgen::error_chain(&e)).unwrap(),
        }
    }
}
