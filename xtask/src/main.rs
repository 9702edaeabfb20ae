//! `cargo xtask run` builds and serves Bookable on SQLite at http://127.0.0.1:3000;
//! `cargo xtask test` runs every test. Both install what is missing first, idempotently.

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, exit};

const CARGO_LEPTOS_VERSION: &str = "0.3.10";
const POSTGRES_URL_VARIABLE: &str = "BOOKABLE_TEST_POSTGRES_URL";
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
/// The Python that runs the Stripe emulator; the integration tests that need it skip without it.
const LOCALSTRIPE_VARIABLE: &str = "BOOKABLE_TEST_LOCALSTRIPE";

type Outcome = Result<(), String>;

fn main() {
    let task = env::args().nth(1).unwrap_or_default();
    let outcome = match task.as_str() {
        "run" => run(),
        "test" => test(),
        "setup" => ensure_build_tools().and_then(|()| ensure_test_tools()),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n  run    build the release app and serve it on SQLite at http://127.0.0.1:3000\n  \
                 test   run every test: unit, store (SQLite, PostgreSQL), server integration, end to end\n  \
                 setup  only install the tools the two tasks need"
            );
            exit(2);
        }
    };
    if let Err(message) = outcome {
        eprintln!("xtask {task}: {message}");
        exit(1);
    }
}

fn run() -> Outcome {
    ensure_build_tools()?;
    build_site()?;
    let root = workspace_root();
    std::fs::create_dir_all(root.join("data"))
        .map_err(|error| format!("cannot create data/: {error}"))?;
    let mut server = Command::new(server_binary()?);
    server
        .current_dir(&root)
        .arg("--site-root")
        .arg(site_root());
    if env::var_os("BOOKABLE_DATABASE_URL").is_none() {
        server
            .arg("--database-url")
            .arg("sqlite://data/bookable.db");
    }
    step("serving Bookable (Ctrl-C stops it)", &mut server)
}

fn test() -> Outcome {
    ensure_build_tools()?;
    ensure_test_tools()?;
    let localstripe = ensure_localstripe()?;
    let root = workspace_root();
    // The suite covers both backends: without a URL it uses the local PostgreSQL server.
    let postgres_url = env::var(POSTGRES_URL_VARIABLE)
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_POSTGRES_URL.to_owned());
    println!("==> PostgreSQL tests use {postgres_url} (set {POSTGRES_URL_VARIABLE} to change it)");
    step("checking formatting", cargo(["fmt", "--all", "--check"]))?;
    step(
        "linting the server side",
        cargo(server_side(
            "clippy",
            &["--all-targets", "--", "-D", "warnings"],
        )),
    )?;
    step(
        "linting the browser side",
        cargo([
            "clippy",
            "-p",
            "frontend",
            "-p",
            "frontend-student",
            "-p",
            "app",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "checking that the domain builds for wasm32",
        cargo([
            "check",
            "-p",
            "domain",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;
    step(
        "checking the browser's domain, without the time-zone database",
        cargo([
            "check",
            "-p",
            "domain",
            "--no-default-features",
            "--target",
            "wasm32-unknown-unknown",
        ]),
    )?;
    let browser_crates = output(
        "cargo",
        [
            "tree",
            "-p",
            "frontend",
            "-p",
            "frontend-student",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
            "--prefix",
            "none",
        ],
    )?;
    if browser_crates
        .lines()
        .any(|line| line.starts_with("chrono-tz "))
    {
        return Err("the browser bundle depends on chrono-tz: the time-zone database must stay on the server".into());
    }
    println!("==> the browser bundle carries no time-zone database");
    step(
        "unit, store and server integration tests",
        cargo(server_side("test", &[]))
            .env(POSTGRES_URL_VARIABLE, &postgres_url)
            .env(LOCALSTRIPE_VARIABLE, &localstripe),
    )?;
    // Each benchmark once, as a test: none can break unnoticed between measurements.
    step(
        "every benchmark once in test mode",
        cargo(server_side("test", &["--bench", "*"])),
    )?;
    build_site()?;
    check_student_bundle_budget()?;
    let end2end = root.join("end2end");
    let mut playwright = Command::new("npx");
    playwright
        .current_dir(&end2end)
        .args(["playwright", "test"])
        .env("BOOKABLE_SERVER_BIN", server_binary()?)
        .env("BOOKABLE_SITE_ROOT", site_root())
        .env(LOCALSTRIPE_VARIABLE, &localstripe);
    step("end-to-end tests in Chromium", &mut playwright)
}

/// A cargo command over the workspace without the two browser crates, which build only for
/// wasm32.
fn server_side<'a>(subcommand: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut command = vec![
        subcommand,
        "--workspace",
        "--exclude",
        "frontend",
        "--exclude",
        "frontend-student",
    ];
    command.extend_from_slice(args);
    command
}

fn build_site() -> Outcome {
    // cargo-leptos runs the first wasm-opt on PATH: ours, not an older system one.
    let tools = wasm_opt()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = env::var_os("PATH").unwrap_or_default();
    let path = env::join_paths(std::iter::once(tools).chain(env::split_paths(&path)))
        .map_err(|error| format!("cannot extend PATH: {error}"))?;
    step(
        "building the release app (the student's and the instructor's bundles)",
        cargo(["leptos", "build", "--release", "--precompress"]).env("PATH", path),
    )?;
    merge_instructor_bundle()?;
    recompress_gzip_copies()
}

/// cargo-leptos writes its `.gz` copies at a fast level; browsers without brotli get the best
/// gzip instead (about 15 % smaller for the WASM).
fn recompress_gzip_copies() -> Outcome {
    use std::io::Write;
    for folder in ["pkg", "ipkg"] {
        let folder = site_root().join(folder);
        let entries = std::fs::read_dir(&folder)
            .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let copy = entry.path();
            if copy.extension().is_none_or(|extension| extension != "gz") {
                continue;
            }
            let original = copy.with_extension("");
            let bytes = std::fs::read(&original)
                .map_err(|error| format!("cannot read {}: {error}", original.display()))?;
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder
                .write_all(&bytes)
                .and_then(|()| encoder.finish())
                .and_then(|gzipped| std::fs::write(&copy, gzipped))
                .map_err(|error| format!("cannot write {}: {error}", copy.display()))?;
        }
    }
    Ok(())
}

/// cargo-leptos empties each project's site root before building it, so the instructor's
/// bundle is built into a site root of its own; the server serves one, so its `ipkg/` joins
/// the student's site.
fn merge_instructor_bundle() -> Outcome {
    let from = workspace_root()
        .join("target")
        .join("site-instructor")
        .join("ipkg");
    let to = site_root().join("ipkg");
    if to.exists() {
        std::fs::remove_dir_all(&to)
            .map_err(|error| format!("cannot replace {}: {error}", to.display()))?;
    }
    std::fs::create_dir_all(&to)
        .map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let entries = std::fs::read_dir(&from).map_err(|error| {
        format!(
            "the instructor's bundle is missing at {}: {error}",
            from.display()
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot read {}: {error}", from.display()))?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))
            .map_err(|error| format!("cannot copy {}: {error}", entry.path().display()))?;
    }
    Ok(())
}

/// The student's WASM, gzipped as browsers receive it, must stay within the budget recorded in
/// `bench/student-wasm-budget` (bytes): no later change can put the dashboard back unnoticed.
fn check_student_bundle_budget() -> Outcome {
    use std::io::Write;
    let budget_file = workspace_root().join("bench").join("student-wasm-budget");
    let budget: usize = std::fs::read_to_string(&budget_file)
        .map_err(|error| format!("cannot read {}: {error}", budget_file.display()))?
        .lines()
        .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .and_then(|line| line.trim().parse().ok())
        .ok_or_else(|| format!("{} holds no byte count", budget_file.display()))?;
    let pkg = site_root().join("pkg");
    let wasm = std::fs::read_dir(&pkg)
        .map_err(|error| format!("cannot read {}: {error}", pkg.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "wasm")
        })
        .ok_or_else(|| format!("no student WASM in {}", pkg.display()))?;
    let bytes =
        std::fs::read(&wasm).map_err(|error| format!("cannot read {}: {error}", wasm.display()))?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(&bytes)
        .map_err(|error| format!("cannot gzip the student WASM: {error}"))?;
    let gzipped = encoder
        .finish()
        .map_err(|error| format!("cannot gzip the student WASM: {error}"))?
        .len();
    println!(
        "==> the student's WASM is {gzipped} bytes gzip ({} raw); its budget is {budget}",
        bytes.len()
    );
    if gzipped > budget {
        return Err(format!(
            "the student's WASM grew to {gzipped} bytes gzip, over its budget of {budget} \
             ({}): keep dashboard code out of the student's pages, or record a new budget \
             with its reason in BENCHMARKS.md",
            budget_file.display()
        ));
    }
    Ok(())
}

fn wasm_opt() -> PathBuf {
    workspace_root()
        .join("tools")
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt")
}

fn ensure_build_tools() -> Outcome {
    // cargo-leptos and wasm-bindgen-cli compile C code (ring, vendored OpenSSL).
    ensure_apt_package("cc", "build-essential")?;
    ensure_node()?;
    let installed_targets = output("rustup", ["target", "list", "--installed"]).unwrap_or_default();
    if !installed_targets
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        step(
            "adding the wasm32 target",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }
    ensure_apt_package("npm", "npm")?;
    if !wasm_opt().is_file() {
        step(
            "installing wasm-opt (binaryen from npm)",
            Command::new("npm")
                .current_dir(workspace_root().join("tools"))
                .args(["install", "--no-audit", "--no-fund"]),
        )?;
    }
    let leptos_version = output("cargo", ["leptos", "--version"]).unwrap_or_default();
    if !leptos_version.contains(CARGO_LEPTOS_VERSION) {
        step(
            "installing cargo-leptos (takes about 10 minutes once)",
            cargo([
                "install",
                "cargo-leptos",
                "--version",
                CARGO_LEPTOS_VERSION,
                "--locked",
            ]),
        )?;
    }
    let wanted = locked_version("wasm-bindgen")?;
    let bindgen_version = output("wasm-bindgen", ["--version"]).unwrap_or_default();
    if !bindgen_version
        .split_whitespace()
        .any(|word| word == wanted)
    {
        // Its own lock file names a crate version the registry no longer serves, so no --locked.
        step(
            "installing wasm-bindgen-cli to match Cargo.lock",
            cargo([
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={wanted}"),
                "--force",
            ]),
        )?;
    }
    Ok(())
}

fn ensure_test_tools() -> Outcome {
    ensure_apt_package("chromium", "chromium")?;
    let end2end = workspace_root().join("end2end");
    step(
        "installing the end-to-end test packages",
        Command::new("npm")
            .current_dir(end2end)
            .args(["install", "--no-audit", "--no-fund"]),
    )
}

/// localstripe (tools/localstripe), the Stripe emulator the tests start, in a Python virtual
/// environment of its own under the user's cache; returns that environment's Python.
fn ensure_localstripe() -> Result<PathBuf, String> {
    ensure_apt_package("python3", "python3")?;
    // Debian's Python makes virtual environments only with python3-venv installed.
    let can_make_venvs = || {
        Command::new("python3")
            .args(["-c", "import ensurepip, venv"])
            .output()
            .is_ok_and(|result| result.status.success())
    };
    ensure_installed(can_make_venvs, "Python's venv module", "python3-venv")?;
    let cache = env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .ok_or("neither XDG_CACHE_HOME nor HOME is set")?;
    let venv = cache.join("bookable").join("localstripe-venv");
    let python = venv.join("bin").join("python");
    // An environment left half-made (no pip) by an earlier failed attempt is made again.
    let has_pip = Command::new(&python)
        .args(["-m", "pip", "--version"])
        .output()
        .is_ok_and(|result| result.status.success());
    if !has_pip {
        step(
            "creating the Stripe emulator's Python environment",
            Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&venv),
        )?;
    }
    step(
        "installing the Stripe emulator (localstripe)",
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(
                workspace_root()
                    .join("tools")
                    .join("localstripe")
                    .join("requirements.txt"),
            ),
    )?;
    Ok(python)
}

/// Playwright 1.65 and binaryen's wasm-opt need Node.js 20 or newer.
fn ensure_node() -> Outcome {
    ensure_apt_package("npm", "npm")?;
    let version = output("node", ["--version"])?;
    let major: u32 = version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or(0);
    if major >= 20 {
        Ok(())
    } else {
        Err(format!(
            "Node.js 20 or newer is needed (Playwright, wasm-opt); found {}. Install a newer Node.js and run again.",
            version.trim()
        ))
    }
}

fn ensure_apt_package(command: &str, package: &str) -> Outcome {
    ensure_installed(|| on_path(command), command, package)
}

/// Installs the Debian `package` (as root, or through sudo) unless `present` says `what` is
/// there already.
fn ensure_installed(present: impl Fn() -> bool, what: &str, package: &str) -> Outcome {
    if present() {
        return Ok(());
    }
    let as_root = output("id", ["-u"]).is_ok_and(|uid| uid.trim() == "0");
    if !as_root && !on_path("sudo") {
        return Err(format!(
            "{what} is missing and installing the Debian package {package} needs root: \
             run `apt-get install {package}` as root, then run again"
        ));
    }
    let apt = |args: &[&str]| {
        let mut apt = if as_root {
            Command::new("apt-get")
        } else {
            sudo_apt_get()
        };
        apt.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        apt
    };
    step("refreshing the apt package lists", &mut apt(&["update"]))?;
    step(
        &format!("installing {package} with apt"),
        &mut apt(&["install", "-y", package]),
    )?;
    if present() {
        Ok(())
    } else {
        Err(format!(
            "{what} is still missing after installing {package}"
        ))
    }
}

/// sudo resets the environment, so the non-interactive switch goes through `env`.
fn sudo_apt_get() -> Command {
    let mut command = Command::new("sudo");
    command.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
    command
}

fn on_path(command: &str) -> bool {
    env::var_os("PATH")
        .map(|paths| env::split_paths(&paths).any(|dir| dir.join(command).is_file()))
        .unwrap_or(false)
}

/// The version of a package as Cargo.lock records it.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))
        .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
    let header = format!("name = \"{package}\"");
    let lines: Vec<&str> = lock.lines().map(str::trim).collect();
    lines
        .windows(2)
        .find(|pair| pair[0] == header)
        .and_then(|pair| pair[1].strip_prefix("version = "))
        .map(|version| version.trim_matches('"').to_owned())
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn target_dir() -> Result<PathBuf, String> {
    let metadata = output("cargo", ["metadata", "--format-version", "1", "--no-deps"])?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata)
        .map_err(|error| format!("cannot read cargo metadata: {error}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata names no target directory".to_owned())
}

fn server_binary() -> Result<PathBuf, String> {
    Ok(target_dir()?.join("release").join("bookable"))
}

fn site_root() -> PathBuf {
    workspace_root().join("target").join("site")
}

fn cargo<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root()).args(args);
    command
}

fn output<I, S>(program: &str, args: I) -> Result<String, String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let result = Command::new(program)
        .current_dir(workspace_root())
        .args(args)
        .output()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    if result.status.success() {
        Ok(String::from_utf8_lossy(&result.stdout).into_owned())
    } else {
        Err(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&result.stderr)
        ))
    }
}

fn step(what: &str, mut command: impl std::borrow::BorrowMut<Command>) -> Outcome {
    let command = command.borrow_mut();
    println!("==> {what}");
    let status = command
        .status()
        .map_err(|error| format!("{what}: cannot start: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}
