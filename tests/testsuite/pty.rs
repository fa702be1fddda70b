//! The real `archgen new` in a pseudo-terminal: keys as a person types them, prompts waited for
//! before each answer, the written model and documents checked afterwards.

use crate::support::{Env, MINIMAL};
use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};
use std::process::Command;
use std::time::Duration;

pub(crate) const ENTER: &str = "\r";
pub(crate) const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
pub(crate) const SPACE: &str = " ";

pub(crate) struct Pty {
    session: expectrl::session::OsSession,
}

impl Pty {
    pub(crate) fn spawn(env: &Env, args: &[&str]) -> Pty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_archgen"));
        cmd.args(args)
            .current_dir(env.dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env_remove("RUST_BACKTRACE");
        let mut session = Session::spawn(cmd).expect("a pseudo-terminal");
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        Pty { session }
    }

    /// Waits for a prompt containing `text`, then sends `keys`.
    pub(crate) fn at(&mut self, text: &str, keys: &[&str]) -> &mut Pty {
        if let Err(e) = self.session.expect(text) {
            panic!("waiting for {text:?}: {e}");
        }
        for k in keys {
            // An escape sequence goes in one write, or it reads as Esc plus letters.
            self.session.send(k).unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
        self
    }

    pub(crate) fn expect(&mut self, text: &str) -> &mut Pty {
        self.at(text, &[])
    }

    /// Keeps the answers of step 7 from service identity to the CORS origins.
    fn keep_identity_secrets_audit_and_origins(&mut self) -> &mut Pty {
        self.at("How do services prove their identity", &[ENTER])
            .at("Where do secrets live", &[ENTER])
            .at("What does the audit log record", &[ENTER])
            .at("Origins allowed", &[ENTER])
    }

    /// Keeps a block of derived answers, waiting first for `listed`, a question shown only in
    /// its listing (an answered prompt's echo would match "Keep these" too early).
    pub(crate) fn keep(&mut self, listed: &str) -> &mut Pty {
        self.expect(listed).at("answers?", &[ENTER])
    }

    pub(crate) fn exit_code(&mut self) -> i32 {
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut self.session, &mut rest);
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("archgen did not exit normally: {other:?}"),
        }
    }
}

/// The answers that walk a small system (one web client, one REST service with one resource,
/// one link, OIDC) through every step of the full interview, mostly accepting defaults.
fn full_interview(p: &mut Pty) {
    p.at("system called", &["Shop", ENTER])
        .at("What does it do", &["Sells things online.", ENTER])
        .at("business domain", &["retail", ENTER])
        .at("Use cases (none yet)", &[DOWN, ENTER])
        .at("Peak requests", &["200", ENTER])
        .at("p99 latency", &["300", ENTER])
        // The derived answers are shown together; Enter keeps them all.
        .keep("How many users")
        .at("multi-tenant", &[ENTER])
        .at("Which regulations", &[ENTER])
        .at("Fixed constraints", &[ENTER])
        .at("Clients (none yet)", &[ENTER])
        .at("Client name", &["web", ENTER])
        .keep("What kind of client is it? web")
        .at("Clients (web)", &[ENTER])
        .at("Services (none yet)", &[ENTER])
        .at("Service name", &["shop", ENTER])
        .at("kind of component", &[ENTER])
        .at("responsible for", &["Sells things.", ENTER])
        .keep("Which team owns it?")
        .at("Data stores (none yet)", &[ENTER])
        .at("What data is it", &[ENTER])
        .at("Which store", &[ENTER])
        .at("What does it hold", &[ENTER])
        .at("Data stores (shop)", &[ENTER])
        .at("Services (shop)", &[ENTER])
        .at("External systems (none yet)", &[DOWN, ENTER])
        .keep("Major version?")
        .at("Resources (none yet)", &[ENTER])
        .at("Resource name", &["Order", ENTER])
        .at("What does it represent", &[ENTER])
        // Every field on one line; the types guessed are shown back, Enter accepts them.
        .at(
            "Fields, on one line",
            &["total, status:enum(open|paid), note?", ENTER],
        )
        .at(
            "Fields (total: money, status: enum, note: string?): what next?",
            &[ENTER],
        )
        .at("Which operations", &[ENTER])
        .at("Resources (Order)", &[ENTER])
        .at("Published events (none yet)", &[DOWN, ENTER])
        // Each resource's key, filters, concurrency and errors: none, kept with one Enter.
        .keep("Looked up by a natural key")
        // Every call on one line; the links menu shows them, Enter accepts.
        .at("Calls, on one line", &["web -> shop", ENTER])
        .at("Links (web -> shop)", &[ENTER])
        // How the order's status moves: nothing beyond what its names say.
        .at("How does it move between states", &[ENTER])
        .at("Flows (none yet)", &[DOWN, ENTER])
        .keep("Request timeout")
        .keep("Where are logs aggregated")
        .at("Authentication methods (none yet)", &[ENTER])
        .at("prove who they are", &[ENTER])
        .at("Identity provider", &["Keycloak", ENTER])
        .at("Does the team run it itself", &[ENTER])
        .at(
            "backed up to the system's recovery objectives",
            &["y", ENTER],
        )
        .at("Issuer URL", &[ENTER])
        .at("token lifetime", &[ENTER])
        .at("Authentication methods (oidc)", &[ENTER])
        .at("How is access decided", &[ENTER])
        .at("Rate limits (none yet)", &[DOWN, ENTER])
        .keep("Where do secrets live")
        .at("Caches (none yet)", &[DOWN, ENTER])
        .at("Background jobs (none yet)", &[DOWN, ENTER])
        .keep("Fewest replicas")
        .at("Which levels", &[ENTER])
        .at("Technology choices (none yet)", &[DOWN, ENTER])
        .at("Where does it run", &[ENTER])
        .keep("How does a new version replace")
        .at("Decisions (none yet)", &[DOWN, ENTER]);
}

#[test]
fn full_interview_writes_the_model_and_the_documents() {
    let env = Env::new();
    let mut p = Pty::spawn(&env, &["new"]);
    full_interview(&mut p);
    p.at("Review: what next?", &[ENTER]).expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.name, "Shop");
    assert_eq!(model.requirements.latency.p99_ms, Some(300));
    assert_eq!(
        model.requirements.tenancy, None,
        "single-tenant: the tenancy question was skipped"
    );
    assert_eq!(
        model.services[0].api.resources[0].fields[0].ty,
        archgen::model::FieldType::Money,
        "the type guessed from `total`"
    );
    let fields = &model.services[0].api.resources[0].fields;
    assert_eq!(fields[1].values, ["open", "paid"]);
    assert!(fields[2].optional && !fields[0].optional);
    assert_eq!(model.communication.links[0].from, "web");
    assert_eq!(
        model.security.authentication[0].provider.as_deref(),
        Some("Keycloak")
    );
    // The Keycloak the team runs is backed up, so recovery names no gap for it.
    assert_eq!(model.security.authentication[0].backed_up, Some(true));
    assert!(
        !env.read("docs/architecture/recovery.md")
            .contains("which the model does not state (backed\\_up)")
    );
    assert!(model.date.is_some(), "a new model is dated");
    assert!(env.read("archgen.yaml").contains("# Step 1: requirements."));
    assert!(
        env.read("docs/architecture/api/shop.openapi.yaml")
            .contains("/v1/orders")
    );
    assert!(
        env.read("docs/architecture/security.md")
            .contains("Keycloak")
    );
    assert!(!env.exists(".archgen/draft.yaml"));
}

#[test]
fn quick_path_asks_a_dozen_questions() {
    let env = Env::new();
    let mut p = Pty::spawn(&env, &["new", "--quick"]);
    p.at("system called", &["Quick Shop", ENTER])
        .at("business domain", &["retail", ENTER])
        .at("Peak requests", &[ENTER])
        .at("p99 latency", &[ENTER])
        .at("Availability target", &[ENTER])
        // A menu says that typing filters it (else Enter on no match seems to do nothing).
        .expect("Clients (none yet)")
        .at("typing filters", &[DOWN, ENTER])
        .at("Services (none yet)", &[ENTER])
        .at("Service name", &["shop", ENTER])
        .at("kind of component", &[ENTER])
        .at("responsible for", &["Sells things.", ENTER])
        .at("Services (shop)", &[ENTER])
        .at("External systems (none yet)", &[ENTER])
        .at("External system name", &["mailer", ENTER])
        .at("What does it provide", &["Sends email.", ENTER])
        .at("External systems (mailer)", &[ENTER])
        .at("API style", &[ENTER])
        .at(
            "Its resources? (singular nouns, `;`-separated) (Shop)",
            &["Order; Cart", ENTER],
        )
        // An external system makes a link worth asking for: shop calls the mailer.
        .at("Links (none yet)", &[ENTER])
        .at("From (the caller)", &[ENTER])
        .at("To (the callee)", &[ENTER])
        .at("Links (shop -> mailer)", &[ENTER])
        .at("Authentication methods (none yet)", &[DOWN, ENTER])
        .at("Where does it run", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(
        (model.name.as_str(), model.services.len()),
        ("Quick Shop", 1)
    );
    assert_eq!(model.externals[0].name, "mailer");
    let resources: Vec<&str> = model.services[0]
        .api
        .resources
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(resources, ["Order", "Cart"]);
    assert!(
        env.read("docs/architecture/api/shop.openapi.yaml")
            .contains("\"/v1/carts/{cartId}\":")
    );
    assert!(env.exists("docs/architecture/README.md"));
}

#[test]
fn conditional_question_groups_validation_and_review() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let mut p = Pty::spawn(&env, &["edit", "--step", "requirements"]);
    p.at("system called", &[ENTER])
        .at("What does it do", &[ENTER])
        .at("business domain", &[ENTER])
        .at("Use cases (none yet)", &[DOWN, ENTER])
        .at("Peak requests", &[ENTER])
        .at("p99 latency", &[ENTER])
        // No opens the derived answers one by one.
        .at("Keep these", &["n", ENTER])
        .at("How many users", &[ENTER])
        .at("data grow", &[ENTER])
        .at("Median (p50)", &[ENTER])
        // A number out of range is refused with the loader's message and asked again.
        .at("Availability target", &["120", ENTER])
        .expect("must be a percentage above 0 and at most 100")
        .at("Availability target", &["\x7f\x7f\x7f99.95", ENTER])
        .at("How fresh", &[ENTER])
        .at("Recovery point objective", &[ENTER])
        .at("Recovery time objective", &[ENTER])
        .at("How many days are backups kept", &["35", ENTER])
        // The conditional branch: multi-tenant, so the tenancy questions follow.
        .at("multi-tenant", &["y", ENTER])
        .at("How are tenants isolated", &[DOWN, ENTER])
        .at("How many tenants", &["12", ENTER])
        .expect("Which regulations")
        .at("Enter confirms, typing filters", &[SPACE, ENTER])
        .at("Fixed constraints", &[ENTER])
        // The review goes back to step 2 to add, edit and remove clients.
        .at("Review: what next?", &[DOWN, DOWN, ENTER])
        .at("Clients (web)", &[UP, ENTER])
        .at("Client name", &["mobile", ENTER])
        .at("Keep these 2 answers?", &["n", ENTER])
        .at("kind of client", &[DOWN, ENTER])
        .at("Who uses it", &[ENTER])
        .at("Clients (web, mobile)", &[UP, ENTER])
        .at("Client name", &["mobile", ENTER])
        .expect("already used")
        .at("Client name", &["\x7f\x7f\x7f\x7f\x7f\x7fpartner", ENTER])
        .at("Keep these 2 answers?", &["n", ENTER])
        .at("kind of client", &[DOWN, DOWN, ENTER])
        .at("Who uses it", &[ESC])
        .at("kind of client", &[ESC])
        .at("Client name", &[ESC])
        // Cancelling an item being added removes it. Edit web: Done, then "Edit client web".
        .at("Clients (web, mobile)", &[DOWN, ENTER])
        .at("Client name (web)", &[ENTER])
        .at("Keep these 2 answers?", &["n", ENTER])
        .at("kind of client", &[ENTER])
        .at("Who uses it", &["Shoppers on the web shop", ENTER])
        // Add a kiosk, then remove it. Up from the top wraps onto "Remove a client…", which
        // asks which and confirms: Enter on the confirmation (No) keeps it.
        .at("Clients (web, mobile)", &[UP, ENTER])
        .at("Client name", &["kiosk", ENTER])
        .at("Keep these 2 answers?", &[ENTER])
        .at("Clients (web, mobile, kiosk)", &[UP, UP, ENTER])
        .at("Remove which client?", &[UP, ENTER])
        .at("Remove client kiosk and its answers?", &[ENTER])
        .at("Clients (web, mobile, kiosk)", &[UP, UP, ENTER])
        .at("Remove which client?", &[UP, ENTER])
        .at("Remove client kiosk and its answers?", &["y", ENTER])
        .at("Clients (web, mobile)", &[ENTER]);
    // The rest of step 2 keeps its answers.
    p.at("Services (orders, payments)", &[ENTER])
        .at("External systems", &[DOWN, ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.requirements.availability, Some(99.95));
    assert_eq!(
        model.requirements.tenancy,
        Some(archgen::model::Tenancy::SchemaPerTenant)
    );
    assert_eq!(model.requirements.scale.tenants, Some(12));
    assert_eq!(model.requirements.recovery.retention_days, Some(35));
    assert_eq!(model.requirements.compliance, ["GDPR"]);
    let clients: Vec<&str> = model.clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(clients, ["web", "mobile"]);
    assert_eq!(model.clients[0].description, "Shoppers on the web shop");
    assert!(env.read("docs/architecture/security.md").contains("tenant"));
    // The model was edited in place: untouched lines keep their hand-written form.
    let text = env.read("archgen.yaml");
    assert!(text.contains("    - {from: web, to: orders}\n"), "{text}");
    assert!(!env.exists(".archgen/archgen.yaml.bak"));
}

#[test]
fn edit_keeps_the_models_comments() {
    let env = Env::new();
    let commented = MINIMAL
        .replace("name: Shop\n", "name: Shop  # the product's name\n")
        .replace("services:\n", "# Owned by the platform team.\nservices:\n")
        .replace(
            "    - {from: orders",
            "    # checkout pays\n    - {from: orders",
        );
    env.write("archgen.yaml", &commented);
    let mut p = Pty::spawn(&env, &["edit", "--step", "requirements"]);
    p.at("system called", &[ENTER])
        .at("What does it do", &["Lends books.", ENTER])
        .at("business domain", &[ENTER])
        .at("Use cases (none yet)", &[DOWN, ENTER])
        .at("Peak requests", &[ENTER])
        .at("p99 latency", &[ENTER])
        .at("Keep these", &[ENTER])
        .at("multi-tenant", &[ENTER])
        .at("Which regulations", &[ENTER])
        .at("Fixed constraints", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let text = env.read("archgen.yaml");
    for comment in [
        "name: Shop  # the product's name\n",
        "# Owned by the platform team.\nservices:\n",
        "    # checkout pays\n    - {from: orders, to: payments}\n",
    ] {
        assert!(text.contains(comment), "{comment:?} lost:\n{text}");
    }
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.description, "Lends books.");
    assert!(!env.exists(".archgen/archgen.yaml.bak"));
}

#[test]
fn ctrl_c_saves_a_draft_and_the_next_run_resumes_it() {
    let env = Env::new();
    let mut p = Pty::spawn(&env, &["new"]);
    p.at("system called", &["Paused", ENTER])
        .at("What does it do", &[ENTER])
        .at("business domain", &["retail", ENTER])
        .at("Use cases", &[CTRL_C]);
    p.expect("Your answers are saved");
    assert_eq!(p.exit_code(), 130);
    assert!(env.read(".archgen/draft.yaml").contains("text: Paused"));
    assert!(!env.exists("archgen.yaml"));

    // Resumed at the question it stopped on, twice over.
    for _ in 0..2 {
        let mut p = Pty::spawn(&env, &["new"]);
        p.at(
            "Resume the unfinished interview (stopped at step 1 of 10, after 3 answers)?",
            &[ENTER],
        );
        p.expect("Resumed where you stopped: 3 answers of this step replayed.");
        p.at("Use cases", &[CTRL_C]);
        assert_eq!(p.exit_code(), 130);
    }
}

#[test]
fn without_a_terminal_it_never_waits() {
    let env = Env::new();
    let run = env.run(&["new"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn who_runs_the_connectors_is_typed_in_a_terminal() {
    let env = Env::new();
    let model = MINIMAL
        .replace(
            "    responsibility: Takes orders.\n",
            "    responsibility: Takes orders.\n    data: [{name: orders, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n",
        )
        .replace(
            "communication:\n  links:\n",
            "communication:\n  brokers: [{name: kafka, technology: Kafka}]\n  outbox_relay: Debezium (Kafka Connect)\n  links:\n",
        );
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "communication"]);
    // The derived answers, opened one by one: the relay kept, the connectors' team typed.
    p.at("Move on with 1 broker", &[ENTER])
        .at("Which events does it consume", &[ENTER])
        .at("Calls, on one line", &[ENTER])
        .at("Links (", &[ENTER])
        .at("answers?", &["n", ENTER])
        .at("How do the outbox rows reach the broker", &[ENTER])
        .at(
            "Which team runs the change data capture",
            &["integrations", ENTER],
        )
        .at(
            "Where do the connectors run",
            &["Amazon MSK Connect", ENTER],
        )
        // A year and a day is refused in place; a day is written.
        .at("Hours an outbox row stays", &["8761", ENTER])
        .at(
            "must be from 0 to 8760, not 8761",
            &["\x7f", "\x7f", "\x7f", "\x7f", "24", ENTER],
        )
        .at("Flows (none yet)", &[DOWN, ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(model.communication.outbox_retention_hours, Some(24));
    let c = model.communication.connectors.expect("connectors stated");
    assert_eq!(
        (c.team.as_str(), c.runs_on.as_str()),
        ("integrations", "Amazon MSK Connect")
    );
}

/// Through a real terminal: an external's maintenance window, refused where it is longer than
/// the month's hours, typed again and written, the team of the organisation that runs it, and
/// what the services present when they call it.
#[test]
fn a_maintenance_window_is_typed_in_a_terminal() {
    let env = Env::new();
    let model = MINIMAL.replace(
        "clients:\n",
        "externals:\n  - {name: ehr, description: Health records.}\nclients:\n",
    );
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "boundaries"]);
    p.at("Clients (web)", &[ENTER])
        .at("Services (orders, payments)", &[ENTER])
        .at("External systems (ehr)", &[DOWN, ENTER])
        .at("External system name", &[ENTER])
        .at("What does it provide", &[ENTER])
        .at("Keep these", &["n", ENTER])
        .at("published availability", &[ENTER])
        .at("Hours a month it is down", &["4", ENTER])
        .at("Hours its longest window lasts", &["6", ENTER])
        .at("longer than the 4 hours a month", &["\x7f", "2", ENTER])
        .at("Which of your teams runs it", &["records", ENTER])
        .at(
            "What do your services present when they call it",
            &["an API key per service", ENTER],
        )
        .at("External systems (ehr)", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let e = &model.externals[0];
    assert_eq!(
        (e.maintenance_hours_per_month, e.maintenance_window_hours),
        (Some(4.0), Some(2.0))
    );
    assert_eq!(e.team.as_deref(), Some("records"));
    assert_eq!(e.credential.as_deref(), Some("an API key per service"));
}

/// Through a real terminal: the pace of a step the warehouse sends in a flow payments'
/// captures start, refused where it is no rate, typed again and written.
#[test]
fn a_steps_pace_is_typed_in_a_terminal() {
    let env = Env::new();
    env.write("archgen.yaml", &crate::interview_depth::shop_that_ships());
    let mut p = Pty::spawn(&env, &["edit", "--step", "communication"]);
    p.at("Brokers (kafka)", &[ENTER])
        .at("Which events does it consume", &[ENTER])
        .at("Calls, on one line", &[ENTER])
        .at("Links (", &[ENTER])
        .at("Flows (Ship)", &["Edit flow", ENTER])
        .at("Flow name", &[ENTER])
        .at("What does it achieve", &[ENTER])
        .at("a saga", &[ENTER])
        .at("Which event starts each run", &[ENTER])
        .at("Steps (kafka", &["Edit step warehouse", ENTER])
        .at("Who acts", &[ENTER])
        .at("Who receives it", &[ENTER])
        .at("What happens", &[ENTER])
        .at("How many times a second does it come", &["-4", ENTER])
        .at(
            "must be a rate a second above 0",
            &["\x7f", "\x7f", "31", ENTER],
        )
        .at("Does it run only sometimes", &[ENTER])
        .at("Steps (kafka", &[ENTER])
        .at("Steps that run at the same time", &[ENTER])
        .at("Flows (Ship)", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let steps = &model.communication.flows[0].steps;
    assert_eq!(steps[1].paced_per_second, Some(31.0));
    assert!(
        env.read("docs/architecture/capacity.md")
            .contains("**Steps the outside world paces**")
    );
}

/// An edit that keeps every answer leaves the model file byte for byte: the serializer's
/// defaults (`kind: service`) and number forms (`25.0`) are not edits, and values the team
/// stated that equal what would be derived (`backoff: exponential`, a breaker's
/// `open_seconds`, a link's `dead_letter: true`) stay stated.
#[test]
fn an_edit_that_keeps_every_answer_leaves_the_model_file_as_it_was() {
    let env = Env::new();
    let model = std::fs::read_to_string("examples/order-management/archgen.yaml").unwrap();
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "resilience"]);
    p.keep("Messages orders -> payments")
        .at("Review: what next?", &[ENTER])
        .expect("wrote");
    assert_eq!(p.exit_code(), 0);
    assert!(env.read("archgen.yaml") == model, "the model file changed");
}

/// Keeping every security answer asks no owner of a public resource (clinic's `Slot`, whose
/// `clinician_id` the owner guess would otherwise offer), so the model file stays as it was.
#[test]
fn an_edit_of_security_that_keeps_every_answer_adds_no_owner_to_a_public_resource() {
    let env = Env::new();
    let model = std::fs::read_to_string("examples/clinic-booking/archgen.yaml").unwrap();
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "security"]);
    p.at("Authentication methods (", &[ENTER])
        .at("How is access decided", &[ENTER])
        .at("Roles (", &[ENTER])
        .at("Policies (", &[ENTER])
        .at("Rate limits (", &[ENTER])
        .keep("`Slot` of availability: Who may call it?")
        .at("Review: what next?", &[ENTER])
        .expect("wrote");
    assert_eq!(p.exit_code(), 0);
    assert!(env.read("archgen.yaml") == model, "the model file changed");
}

/// Through a real terminal: what the limits do while their shared count is down, chosen from
/// the list step 7 offers right after the store, and written.
#[test]
fn the_limits_fallback_is_chosen_in_a_terminal() {
    let env = Env::new();
    let model = MINIMAL
        .replace("Takes orders.\n", "Takes orders.\n    stack: Envoy\n")
        .replace(
            "clients:\n",
            "security:\n  rate_limits: [{scope: user, requests: 120, per: minute, enforced_by: orders}]\nresilience: {rate_limit_store: Redis}\nclients:\n",
        );
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "security"]);
    p.at("Authentication methods (none yet)", &[DOWN, ENTER])
        .at("How is access decided", &[ENTER])
        .at("Rate limits (", &[ENTER])
        .expect("What do the rate limits do while their shared count")
        .at("answers?", &["n", ENTER])
        .at("Where do the rate limiters keep their counts", &[ENTER])
        // undecided, local, allow, deny: three down is deny.
        .at(
            "What do the rate limits do while their shared count cannot be reached?",
            &[DOWN, DOWN, DOWN, ENTER],
        )
        .keep_identity_secrets_audit_and_origins()
        .at("Who may call it?", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("wrote");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    assert_eq!(
        model.resilience.rate_limit_fallback,
        Some(archgen::model::RateLimitFallback::Deny)
    );
}

/// Through a real terminal: the clients a role's holders sign in through, and their second
/// factor, typed for an existing role and written.
#[test]
fn a_roles_clients_and_second_factor_are_answered_in_a_terminal() {
    let env = Env::new();
    let model = MINIMAL.replace(
        "clients:\n  - {name: web, kind: web}\n",
        "security:\n  authorization:\n    model: rbac\n    roles: [{name: agent, description: Support, permissions: ['orders:read']}]\nclients:\n  - {name: web, kind: web}\n  - {name: console, kind: internal}\n",
    );
    env.write("archgen.yaml", &model);
    let mut p = Pty::spawn(&env, &["edit", "--step", "security"]);
    p.at("Authentication methods (none yet)", &[DOWN, ENTER])
        .at("How is access decided", &[ENTER])
        .at("Roles (agent)", &[DOWN, ENTER])
        .at("Role name", &[ENTER])
        .at("Who holds it", &[ENTER])
        .at("Permissions it grants", &[ENTER])
        // An unknown client is refused, and the answer is typed again.
        .at(
            "Which clients do its holders sign in through",
            &["kiosk", ENTER],
        )
        .at(
            "`kiosk` is not a client",
            &["\x7f", "\x7f", "\x7f", "\x7f", "\x7f", "console", ENTER],
        )
        .at("Do its holders sign in with a second factor", &["y", ENTER])
        .at("Roles (agent)", &[ENTER])
        .at("Policies (none yet)", &[DOWN, ENTER])
        .at("Rate limits (none yet)", &[DOWN, ENTER])
        .keep_identity_secrets_audit_and_origins()
        .at("Review: what next?", &[ENTER])
        .expect("wrote");
    assert_eq!(p.exit_code(), 0);
    let model = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let agent = &model.security.authorization.roles[0];
    assert_eq!(
        (agent.clients.as_slice(), agent.second_factor),
        (["console".to_owned()].as_slice(), true)
    );
    let security = env.read("docs/architecture/security.md");
    assert!(
        security.contains("agent's permissions count only on a token issued to console (its `azp`), with a second factor in its `amr`"),
        "{security}"
    );
}
