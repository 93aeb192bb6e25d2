//! A real PostgreSQL server for the tests (never a mock): Debian's
//! `postgresql` binaries, a cluster made with `initdb` in a temporary
//! directory with password (SCRAM) logins, started with `pg_ctl` on
//! 127.0.0.1 at a free port, with TLS on (a test CA and a server
//! certificate for `localhost` made with the openssl CLI).
//!
//! One server serves every test of a run ([`server`]). A static is never
//! dropped, so a watcher process stops the server and removes its directory
//! once the test process has gone, however it ended (panic, abort, kill).
//! When the tests run as root the server runs as the `postgres` user, as
//! PostgreSQL refuses to run as root.
//!
//! Missing binaries fail the tests with how to install them; they never skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The login the tests connect with, and its database.
pub const USER: &str = "okr_reader";
/// Distinctive, so that a leak in any message is easy to find.
pub const PASSWORD: &str = "Pw-9f3kQz-never-shown";
pub const DATABASE: &str = "okr_metrics";
/// The superuser, for setting up and inspecting the server.
const ADMIN: &str = "okr_admin";
const ADMIN_PASSWORD: &str = "admin-Pw-7c1d";

pub struct Server {
    pub port: u16,
    /// The directory of the cluster, the log and the certificates.
    pub dir: PathBuf,
    bin: PathBuf,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// The shared server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(Server::start)
}

impl Server {
    /// The test login's URL, with `options` (`sslmode=require`) when given.
    pub fn url(&self, options: &str) -> String {
        self.url_for(USER, PASSWORD, "127.0.0.1", DATABASE, options)
    }

    /// A URL with any part changed.
    pub fn url_for(&self, user: &str, password: &str, host: &str, database: &str, options: &str) -> String {
        let mut url = format!("postgres://{user}:{password}@{host}:{}/{database}", self.port);
        if !options.is_empty() {
            url.push('?');
            url.push_str(options);
        }
        url
    }

    /// The test CA's certificate (PEM), which signed the server's.
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }

    /// Runs SQL as the superuser in the test database; returns psql's
    /// unaligned, tuples-only output.
    pub fn admin_sql(&self, sql: &str) -> String {
        self.psql(ADMIN, ADMIN_PASSWORD, DATABASE, sql)
    }

    fn psql(&self, user: &str, password: &str, database: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .args(["-U", user, "-d", database, "-c", sql])
            .env("PGPASSWORD", password)
            .env("PGCONNECT_TIMEOUT", "10")
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql: {e}"));
        assert!(out.status.success(), "psql failed on {sql:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn start() -> Server {
        let bin = binaries();
        let as_root = is_root();
        let dir = tempfile::Builder::new().prefix("okr-pg-").tempdir().expect("temp dir for PostgreSQL").keep();
        let data = dir.join("data");
        make_certificates(&dir);
        std::fs::write(dir.join("pwfile"), format!("{ADMIN_PASSWORD}\n")).expect("write the password file");
        if as_root {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir), "chown the server's directory");
        }
        let mut initdb = server_command(&bin.join("initdb"), as_root, &dir);
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-U", ADMIN, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"])
            .arg(format!("--pwfile={}", dir.join("pwfile").display()));
        run(&mut initdb, "initdb");

        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            let options = format!(
                "-p {port} -h 127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=40 \
                 -c ssl=on -c ssl_cert_file={dir}/server.crt -c ssl_key_file={dir}/server.key",
                dir = dir.display()
            );
            let mut start = server_command(&bin.join("pg_ctl"), as_root, &dir);
            start.arg("-D").arg(&data).arg("-l").arg(dir.join("log")).args(["-w", "-t", "60", "-o", &options, "start"]);
            let out = start.stdin(Stdio::null()).output().expect("run pg_ctl start");
            if out.status.success() {
                watch(&bin, as_root, &dir);
                let server = Server { port, dir, bin };
                server.psql(
                    ADMIN,
                    ADMIN_PASSWORD,
                    "postgres",
                    &format!("CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'"),
                );
                server.psql(ADMIN, ADMIN_PASSWORD, "postgres", &format!("CREATE DATABASE {DATABASE} OWNER {USER}"));
                return server;
            }
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            last_error =
                format!("{}{}\n{log}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        }
        panic!("PostgreSQL did not start:\n{last_error}");
    }
}

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb` (Debian's
/// layout), or `$OKR_TEST_PG_BIN`.
fn binaries() -> PathBuf {
    if let Some(dir) = std::env::var_os("OKR_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "the PostgreSQL tests need a PostgreSQL server: no /usr/lib/postgresql/<version>/bin/initdb found. \
             Install it with `sudo apt-get install postgresql` (Debian/Ubuntu; scripts/test.sh does this when run as root), \
             or point OKR_TEST_PG_BIN at a directory holding initdb, pg_ctl and psql."
        ),
    }
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("run id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A server program, run as `postgres` when the tests run as root.
fn server_command(program: &Path, as_root: bool, dir: &Path) -> Command {
    let mut cmd = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    // The postgres user may not be able to enter the tests' directory.
    cmd.current_dir(dir);
    cmd
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A port nobody listens on now (the server takes it right after; start
/// retries with another if it was taken in between).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// A test CA and a server certificate it signed, for `localhost` only (so
/// that `verify-full` to 127.0.0.1 fails on the name and `verify-ca` passes).
fn make_certificates(dir: &Path) {
    let openssl = |args: &[&str], what: &str| {
        let mut cmd = Command::new("openssl");
        cmd.args(args).current_dir(dir);
        let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| {
            panic!(
                "the PostgreSQL TLS tests need the openssl CLI ({e}): install it with `sudo apt-get install openssl`"
            )
        });
        assert!(out.status.success(), "openssl {what} failed: {}", String::from_utf8_lossy(&out.stderr));
    };
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "3",
            "-subj",
            "/CN=okr test CA",
        ],
        "CA",
    );
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
        "server key",
    );
    std::fs::write(
        dir.join("server.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n",
    )
    .expect("write server.ext");
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "3",
            "-extfile",
            "server.ext",
        ],
        "server certificate",
    );
    run(Command::new("chmod").args(["600", "server.key", "ca.key"]).current_dir(dir), "chmod the keys");
}

/// Starts a process that waits for this test process to end, then stops the
/// server and removes its directory. It is never waited for: it outlives
/// this process on purpose.
#[expect(clippy::zombie_processes, reason = "the watcher must outlive the test process")]
fn watch(bin: &Path, as_root: bool, dir: &Path) {
    let pg_ctl = bin.join("pg_ctl");
    let data = dir.join("data");
    let stop = if as_root {
        format!("runuser -u postgres -- '{}' -D '{}' -m immediate stop", pg_ctl.display(), data.display())
    } else {
        format!("'{}' -D '{}' -m immediate stop", pg_ctl.display(), data.display())
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; cd /; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server's watcher");
}
