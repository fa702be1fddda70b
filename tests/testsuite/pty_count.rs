//! The prompt count of issue 15 measured in a real terminal: the reference lending system's
//! answers (prompt_count.rs) are turned into the keys a person presses, the real `archgen new`
//! runs in a pseudo-terminal, and every prompt the terminal shows is counted from the screen
//! output itself (each prompt switches bracketed paste on once as it opens). Fails above 150.

use crate::script::Script;
use crate::support::Env;
use archgen::interview::prompt::{Answer, Prompt, Prompter, Reply};
use archgen::interview::{self, Ending, Plan, flow::Mode};
use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Regex, Session};
use std::process::Command;
use std::time::Duration;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const LEFT: &str = "\x1b[D";
const SPACE: &str = " ";
/// What the terminal writes as a prompt opens: inquire enables bracketed paste per prompt.
const OPENS: &[u8] = b"\x1b[?2004h";

/// One prompt as the scripted run met it: the start of its question and the keys that give
/// the scripted answer in the terminal.
struct Keyed {
    message: String,
    keys: Vec<String>,
}

/// Plays the script and records, for each prompt, the keys a person would press.
struct Recorder {
    script: Script,
    keyed: Vec<Keyed>,
}

impl Prompter for Recorder {
    fn say(&mut self, text: &str) {
        self.script.say(text);
    }

    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer> {
        let answer = self.script.ask(prompt)?;
        let Answer::Reply(reply) = &answer else {
            panic!("the reference script only answers: {answer:?}")
        };
        self.keyed.push(Keyed {
            message: prompt.message().to_owned(),
            keys: keys(prompt, reply),
        });
        Ok(answer)
    }
}

/// The keys that give `reply` to `prompt` in inquire.
fn keys(prompt: &Prompt, reply: &Reply) -> Vec<String> {
    let mut k: Vec<String> = Vec::new();
    match (prompt, reply) {
        (Prompt::Text { default, .. }, Reply::Text(t)) if t == default => {}
        // Typing replaces the default; `-` clears it.
        (Prompt::Text { .. }, Reply::Text(t)) if t.is_empty() => k.push("-".into()),
        (Prompt::Text { .. }, Reply::Text(t)) => k.push(t.clone()),
        (Prompt::Select { default, .. }, Reply::Choice(c)) => {
            let (key, n) = if c >= default {
                (DOWN, c - default)
            } else {
                (UP, default - c)
            };
            k.extend(std::iter::repeat_n(key.to_owned(), n));
        }
        (Prompt::MultiSelect { defaults, .. }, Reply::Choices(c)) if c != defaults => {
            // Untick all, then tick each wanted option from the top.
            k.push(LEFT.into());
            let mut at = 0;
            for &i in c {
                k.extend(std::iter::repeat_n(DOWN.to_owned(), i - at));
                k.push(SPACE.into());
                at = i;
            }
        }
        (Prompt::MultiSelect { .. }, Reply::Choices(_)) => {}
        (Prompt::Confirm { default, .. }, Reply::Yes(y)) if y == default => {}
        (Prompt::Confirm { .. }, Reply::Yes(y)) => k.push(if *y { "y" } else { "n" }.into()),
        (p, r) => panic!("no keys for {r:?} to {:?}", p.message()),
    }
    k.push(ENTER.into());
    k
}

/// The reference system's prompts with their keys, from the scripted run.
fn recorded() -> Vec<Keyed> {
    let mut p = Recorder {
        script: Script::lenient(crate::prompt_count::lending()),
        keyed: Vec::new(),
    };
    let plan = Plan {
        mode: Mode::Full,
        only: None,
        start: 0,
    };
    let ending = interview::run(&mut p, interview::blank(None), plan).unwrap();
    assert!(matches!(ending, Ending::Write(_)), "{ending:?}");
    assert!(p.script.steps.is_empty(), "the script was not used up");
    p.keyed
}

/// The first characters of a question, as the terminal's first line shows them.
fn start(message: &str) -> String {
    message.chars().take(24).collect()
}

#[test]
fn the_reference_system_shows_at_most_150_prompts_in_a_terminal() {
    let keyed = recorded();
    let env = Env::new();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_archgen"));
    cmd.arg("new")
        .current_dir(env.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env_remove("RUST_BACKTRACE");
    let mut session = Session::spawn(cmd).expect("a pseudo-terminal");
    // Wide enough that no question wraps onto a second line.
    session.get_process_mut().set_window_size(250, 50).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let mut screen: Vec<u8> = Vec::new();
    for (n, k) in keyed.iter().enumerate() {
        let opened = session
            .expect(Regex(
                r"\x1b\[\?2004h(?:\x1b\[[0-9;?]*[A-Za-z])*\? [^\r\n]*\r?\n",
            ))
            .unwrap_or_else(|e| panic!("prompt {} ({:?}) never opened: {e}", n + 1, k.message));
        screen.extend_from_slice(opened.before());
        let shown = opened.get(0).unwrap().to_vec();
        screen.extend_from_slice(&shown);
        let line = String::from_utf8_lossy(&shown);
        assert!(
            line.contains(&start(&k.message)),
            "prompt {}: the terminal asks {line:?}, the script expected {:?}",
            n + 1,
            k.message
        );
        for key in &k.keys {
            session.send(key).unwrap();
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    session.expect("rendered").unwrap();
    let mut rest = Vec::new();
    let _ = std::io::Read::read_to_end(&mut session, &mut rest);
    screen.extend_from_slice(&rest);
    match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, 0) => {}
        other => panic!("archgen did not finish: {other:?}"),
    }
    let shown = screen.windows(OPENS.len()).filter(|w| *w == OPENS).count();
    // Every prompt the terminal showed is one the scripted count knows, and no more.
    assert_eq!(shown, keyed.len(), "shown in the terminal vs. scripted");
    eprintln!("the reference system showed {shown} prompts in a terminal");
    assert!(shown <= 150, "{shown} prompts");
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.services.len(), 5);
    assert_eq!(model.communication.links.len(), 8);
}
