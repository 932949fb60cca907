//! A small HTTP/1.1 server on 127.0.0.1 for the network tests, plain or
//! with TLS from a test certificate authority made here with rcgen (trusted
//! by twohats only through TWOHATS_TEST_EXTRA_CA). Each request is answered
//! by the test's handler and logged (method, path, status), so tests can
//! assert what twohats asked for: conditional requests, 304s, redirects.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the handler sees it.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The port the request was sent to (from its Host header), for an
    /// answer that names this server under another host name.
    pub fn port(&self) -> &str {
        let host = self.header("host").unwrap_or_default();
        host.rsplit(':').next().unwrap_or_default()
    }
}

/// An answer: status, headers, body, and an optional delay before it.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Resp {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Resp {
        Resp {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Resp {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Resp {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Req) -> Resp + Send + Sync;

/// A running server; it stops with the test process.
pub struct Server {
    pub port: u16,
    pub https: bool,
    log: Arc<Mutex<Vec<(String, String, u16)>>>,
}

impl Server {
    pub fn http(handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> Server {
        Server::start(None, Arc::new(handler))
    }

    pub fn https(tls: &TestCa, handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> Server {
        Server::start(Some(tls.server_config()), Arc::new(handler))
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>, handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let https = tls.is_some();
        let shared = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (handler, log, tls) = (handler.clone(), shared.clone(), tls.clone());
                std::thread::spawn(move || serve(stream, tls, &*handler, &log));
            }
        });
        Server { port, https, log }
    }

    /// `http(s)://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }

    /// Every (method, path, status) answered so far.
    pub fn log(&self) -> Vec<(String, String, u16)> {
        self.log.lock().unwrap().clone()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }
}

fn serve(
    stream: TcpStream,
    tls: Option<Arc<rustls::ServerConfig>>,
    handler: &Handler,
    log: &Mutex<Vec<(String, String, u16)>>,
) {
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    match tls {
        Some(config) => {
            let Ok(conn) = rustls::ServerConnection::new(config) else {
                return;
            };
            let mut tls_stream = rustls::StreamOwned::new(conn, stream);
            serve_stream(&mut tls_stream, handler, log);
        }
        None => {
            let mut stream = stream;
            serve_stream(&mut stream, handler, log);
        }
    }
}

/// Answers requests on one connection until it closes.
fn serve_stream(
    stream: &mut (impl Read + Write),
    handler: &Handler,
    log: &Mutex<Vec<(String, String, u16)>>,
) {
    loop {
        let Some(req) = read_request(stream) else {
            return;
        };
        let resp = handler(&req);
        log.lock()
            .unwrap()
            .push((req.method.clone(), req.path.clone(), resp.status));
        std::thread::sleep(resp.delay);
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            resp.status,
            resp.body.len()
        );
        for (n, v) in &resp.headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        // One write: a head and a body written apart wait out the client's
        // delayed ACK (Nagle), 40 ms a request.
        let mut answer = head.into_bytes();
        answer.extend_from_slice(&resp.body);
        if stream.write_all(&answer).is_err() {
            return;
        }
        let _ = stream.flush();
    }
}

fn read_request(stream: &mut impl Read) -> Option<Req> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':')?;
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    // The reader buffers at most this request (clients here send one at a
    // time and wait for the answer).
    Some(Req {
        method,
        path,
        headers,
        body,
    })
}

/// A certificate authority made for one test, and a server certificate it
/// signed for 127.0.0.1.
pub struct TestCa {
    pub ca_pem: String,
    cert_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "twohats test CA");
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let issuer = rcgen::Issuer::from_params(&ca_params, &ca_key);
        let cert = params.signed_by(&key, &issuer).unwrap();
        TestCa {
            ca_pem: ca.pem(),
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        }
    }

    /// Writes the CA's PEM into `dir` and returns its path.
    pub fn write_ca(&self, dir: &Path) -> std::path::PathBuf {
        let path = dir.join("test-ca.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }

    fn server_config(&self) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![rustls::pki_types::CertificateDer::from(
                    self.cert_der.clone(),
                )],
                rustls::pki_types::PrivateKeyDer::Pkcs8(self.key_der.clone().into()),
            )
            .unwrap();
        Arc::new(config)
    }
}
